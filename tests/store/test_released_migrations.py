"""Released migrations are pinned by checksum: an edit in place fails here, a new one is added."""

from __future__ import annotations

import hashlib

from qcode.store.revisions import VERSIONS_DIR, head_revision

# sha256 of each released migration file's bytes. Never change a line here to make the test
# pass: add a new migration instead (docs/migrations.md), then pin it here once it is released.
RELEASED = {
    "0001_project_domain.py": "608eeda06d9a55c4e060141b98b515701772c8fa822ad08a34d30d2aab6d26c8",
    "0002_composite_vignettes.py": (
        "4c25c085d60f71b3476509568a7c304dc42318c4859a19459119b3262304b65a"
    ),
    "0003_keys_never_reused.py": (
        "d9977c44eb93fe28f4d1bb731fb7344b7893f3f0173c6c41345cb1b14237092d"
    ),
    "0004_document_counts.py": "a4490bb9a0720262d0a34a86f41d17f972d1652b5737a8fecd21353ffe0de779",
    "0005_categories_document_attributes.py": (
        "0a226ead7b2571f77eced1db4320129bdc77ae4cc130146836d14b93e4151a8b"
    ),
    "0006_document_line_breaks.py": (
        "7e876056c71a198e6019990d1d7fe36fe6380dc2c7209c107c408243c5f1a4d9"
    ),
    "0007_one_consensus_layer.py": (
        "062d62a2d396a39c45937c72aad8e3b8f16ce72d5d7f84f61645760df1922cb6"
    ),
    "0008_portable_memo_check.py": (
        "a5ca918f8ed24291a405f029520ba6b9617aa464eb85b2a769986f3fa6c700e9"
    ),
    "0009_audit_word_index.py": (
        "61d716c99725e5f4dcbbef17556e56ce1172f1c0c9eb42aeb6cc3457876586aa"
    ),
    "0010_settings_and_pseudonyms.py": (
        "e18180843e6bf6154bba14930c5309021f306073b2ba3de3ef3dda6b7934daca"
    ),
    "0011_passages.py": "ed3f77a41c369a8a51b8c440fd6d44e5d30b1ed015a465b7be70465bfa2eace9",
}


def test_released_migrations_are_never_edited() -> None:
    changed = []
    for name, pinned in RELEASED.items():
        path = VERSIONS_DIR / name
        assert path.is_file(), f"released migration {name} is missing: never remove one"
        if hashlib.sha256(path.read_bytes()).hexdigest() != pinned:
            changed.append(name)
    assert not changed, (
        f"released migrations are never edited; add a new one (changed: {', '.join(changed)}; "
        "see docs/migrations.md)"
    )


def test_every_released_migration_is_pinned_and_head_follows_them() -> None:
    shipped = {path.name for path in VERSIONS_DIR.glob("0*.py")}
    assert set(RELEASED) <= shipped
    assert head_revision() >= max(name[:4] for name in RELEASED)
