"""The demo material as shipped: named for the file-name rules, transcript-shaped, our own words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qcode.ingest import read_file
from qcode.ingest.naming import infer_participant_wave
from qcode.services.demo import content

ROOT = Path(__file__).resolve().parents[3]
DEMO = ROOT / "resources" / "demo"
SEEDS = ROOT.parent / "shared" / "seeds"
MIN_WORDS = 8


def test_every_shipped_transcript_is_listed_and_reachable_as_a_resource() -> None:
    on_disk = sorted(path.name for path in DEMO.glob("*.txt"))
    assert on_disk == sorted(content.TRANSCRIPTS)
    folder = content.demo_folder()
    for name in (*content.TRANSCRIPTS, content.QUESTIONNAIRE, content.CODEBOOK):
        assert folder.joinpath(name).is_file(), name


@pytest.mark.parametrize("name", content.TRANSCRIPTS)
def test_transcript_reads_as_an_interview_of_its_participant(name: str) -> None:
    participant, wave = infer_participant_wave(Path(name).stem)
    assert participant in content.PARTICIPANTS and wave is not None
    (document,) = read_file(DEMO / name)
    assert 3000 <= len(document.text) <= 8000
    turns = re.findall(r"^(\w+):", document.text, flags=re.MULTILINE)
    assert set(turns) == {"Interviewer", participant}
    assert turns.count(participant) >= 8


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))


def seed_sentences() -> set[str]:
    """Every sentence of MIN_WORDS or more words in the seed documents, as lower-case words."""
    found = set()
    for path in SEEDS.glob("*.txt"):
        text = path.read_text(encoding="utf-8", errors="replace")
        for sentence in re.split(r"(?<=[.!?…])\s+|\n+", text):
            sentence_words = words(sentence)
            if len(sentence_words) >= MIN_WORDS:
                found.add(" ".join(sentence_words))
    return found


def our_texts() -> dict[str, str]:
    """Every text we wrote for the demo: the material and the content module's prose."""
    texts = {
        path.name: path.read_text(encoding="utf-8") for path in DEMO.iterdir() if path.is_file()
    }
    module = ROOT / "qcode" / "services" / "demo" / "content.py"
    texts[module.name] = module.read_text(encoding="utf-8")
    return texts


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not present in this checkout")
def test_no_seed_sentence_appears_in_the_demo() -> None:
    sentences = seed_sentences()
    assert len(sentences) > 100  # the seeds were read
    copied = []
    for name, text in our_texts().items():
        ours = f" {' '.join(words(text))} "
        copied += [f"{name}: {s}" for s in sentences if f" {s} " in ours]
    assert not copied, "\n".join(copied)
