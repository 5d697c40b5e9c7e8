"""A small realist study built through the services, for the output tests and doc pictures."""

from __future__ import annotations

from pathlib import Path

from qcode.ingest import IngestedDocument
from qcode.services.codebook.edit import add_code
from qcode.services.coding import code_span
from qcode.services.documents.importing import store_ingested
from qcode.services.documents.outcomes import ImportOptions
from qcode.services.realist import evidence as cmo_evidence
from qcode.services.realist import statements as cmo
from qcode.services.realist import vignettes
from qcode.store.project import Project

# Made-up interviews: participant, wave, lines.
TRANSCRIPTS = {
    "PA 1": (
        "PA",
        1,
        "Interviewer: How did you first hear about mentoring?\n"
        "PA: Honestly, I had no idea the scheme was there until my second year.\n"
        "PA: A consultant mentioned it over coffee and gave me a name to email.\n"
        "PA: We used a simple model: goal first, then options, then what I would do next.\n"
        "PA: Because of that I sorted out my exam worries before they took over.\n",
    ),
    "PA 2": (
        "PA",
        2,
        "Interviewer: What has changed since we last spoke?\n"
        "PA: The rota got worse and I was covering gaps most weekends.\n"
        "PA: My mentor gave me an hour to say everything out loud and sort it into piles.\n"
        "PA: After that I felt I could manage again, one pile at a time.\n",
    ),
    "PB 1": (
        "PB",
        1,
        "Interviewer: Tell me about working with your team.\n"
        "PB: There was a real clash with a senior nurse about handovers.\n"
        "PB: I took it to my mentor and we practised how to open that conversation.\n"
        "PB: Now I catch myself listening properly in corridor chats,\n"
        "not just waiting for my turn to speak.\n"
        "PB: The registrars come to me now, which never used to happen.\n",
    ),
    "PC 1": (
        "PC",
        1,
        "Interviewer: What is the culture like where you work?\n"
        "PC: When something goes wrong the first question is whose fault it was.\n"
        "PC: My mentor never did that; she asked what I had noticed and what I might try.\n"
        "PC: I started doing the same at our morning huddle.\n"
        "PC: Slowly people began to bring their mistakes to the huddle so we could all learn.\n",
    ),
    "PC 2": (
        "PC",
        2,
        "Interviewer: Has anything else helped?\n"
        "PC: Our manager now blocks out a quiet afternoon after a run of nights.\n"
        "PC: Without that I do not think the mentoring alone would have been enough.\n",
    ),
    "PD 1": (
        "PD",
        1,
        "Interviewer: Would you recommend mentoring?\n"
        "PD: I would, but most colleagues still think it is only for people in trouble.\n"
        "PD: Once I signed up I went every month without fail.\n"
        "PD: Talking it through kept me in the job when I was ready to leave.\n",
    ),
}

T1 = "Mentoring as a route to timely specialist help"
T2 = "Mentoring that strengthens working relationships"
T3 = "Mentoring that protects health and well-being"
T4 = "Mentoring that improves team culture"

# Outcome themes: (category, flags) in order, and one configuration statement each.
THEMES = {
    T1: (
        [
            ("Knowing mentoring exists and can be reached", "C"),
            ("Taking up an offer of mentoring", "M"),
            ("Conversations that follow a structured model", "M"),
        ],
        "Where mentoring is visible and easy to reach, staff take it up; structured "
        "conversations then turn that contact into help that arrives before problems grow.",
    ),
    T2: (
        [
            ("Friction between colleagues raised in sessions", "C"),
            ("Listening skills used outside formal sessions", "M"),
            ("Trust built across grades", "CM"),
        ],
        "When friction between colleagues reaches a mentor, or mentoring skills enter "
        "everyday talk, trust grows across grades and working relationships steady.",
    ),
    T3: (
        [
            ("Pressure from workload and rotas", "C"),
            ("Space to name and sort problems", "M"),
            ("Feeling able to cope again", "M"),
            ("Managers who guard time for recovery", "C"),
        ],
        "Under heavy workload, a protected space to name and sort problems helps people "
        "feel able to cope again, most of all where managers guard time for recovery.",
    ),
    T4: (
        [
            ("A blame-first atmosphere at work", "C"),
            ("Mentors who ask before they judge", "M"),
            ("Teams that share learning openly", "M"),
        ],
        "In teams that expect blame, mentors who ask before they judge show another way "
        "to work; over time the team begins to share what it learns.",
    ),
}

# Coding: document, quote, code path (below a theme), coders.
CODING = [
    ("PA 1", "I had no idea the scheme was there until my second year", T1, 0, "AB"),
    ("PD 1", "most colleagues still think it is only for people in trouble", T1, 0, "A"),
    ("PA 1", "A consultant mentioned it over coffee and gave me a name to email", T1, 1, "AB"),
    ("PD 1", "Once I signed up I went every month without fail", T1, 1, "B"),
    ("PA 1", "goal first, then options, then what I would do next", T1, 2, "AB"),
    ("PB 1", "There was a real clash with a senior nurse about handovers", T2, 0, "AB"),
    ("PB 1", "listening properly in corridor chats,\nnot just waiting for my turn", T2, 1, "A"),
    ("PB 1", "The registrars come to me now, which never used to happen", T2, 2, "B"),
    ("PA 2", "The rota got worse and I was covering gaps most weekends", T3, 0, "AB"),
    ("PA 2", "My mentor gave me an hour to say everything out loud", T3, 1, "AB"),
    ("PA 2", "I felt I could manage again, one pile at a time", T3, 2, "A"),
    ("PD 1", "Talking it through kept me in the job when I was ready to leave", T3, 2, "AB"),
    ("PC 2", "Our manager now blocks out a quiet afternoon after a run of nights", T3, 3, "B"),
    ("PC 1", "the first question is whose fault it was", T4, 0, "AB"),
    ("PC 1", "she asked what I had noticed and what I might try", T4, 1, "A"),
    (
        "PC 1",
        "people began to bring their mistakes to the huddle so we could all learn",
        T4,
        2,
        "AB",
    ),
]
CODERS = {"A": "Ann", "B": "Ben"}
CONSENSUS = "Consensus"

DEFINITIONS = {
    (T1, 0): (
        "Whether staff know that mentoring is on offer and how to reach it.",
        "Talk about hearing of, finding or being unable to find a mentor.",
        "Talk about what happened in sessions once they had started.",
        "Nobody told me there was a scheme.",
    ),
    (T3, 0): (
        "Demands of rotas, staffing gaps and workload that strain well-being.",
        "Descriptions of the pressures themselves.",
        "How mentoring responded to them (code under the mechanisms).",
        "I was covering every other weekend.",
    ),
}


def add_transcripts(project: Project) -> None:
    """Store the made-up interviews, as an import of plain-text files would."""
    for name, (participant, wave, text) in TRANSCRIPTS.items():
        store_ingested(
            project,
            Path(f"{name}.txt"),
            [IngestedDocument(name=name, text=text, format="txt")],
            ImportOptions(participant=participant, wave=wave),
        )


def add_codebook(project: Project) -> dict[tuple[str, int], str]:
    """The themes and their flagged categories (and one sub-category); returns the paths."""
    paths: dict[tuple[str, int], str] = {}
    for theme, (categories, _statement) in THEMES.items():
        add_code(project, theme)
        for index, (name, flags) in enumerate(categories):
            path = f"{theme}/{name}"
            definition = DEFINITIONS.get((theme, index), ("", "", "", ""))
            description, when, when_not, example = definition
            add_code(
                project,
                path,
                flags=flags,
                description=description,
                when_to_use=when,
                when_not_to_use=when_not,
                example=example,
            )
            paths[(theme, index)] = path
    add_code(project, f"{paths[(T3, 0)]}/Weekend cover")
    return paths


def add_coding(project: Project, paths: dict[tuple[str, int], str]) -> dict[str, int]:
    """Code each quote for Ann and/or Ben and for the consensus; returns consensus ids."""
    consensus: dict[str, int] = {}
    for document, quote, theme, index, coders in CODING:
        text = TRANSCRIPTS[document][2]
        start = text.index(quote)
        end = start + len(quote)
        for letter in coders:
            code_span(project, document, paths[(theme, index)], CODERS[letter], start, end)
        change = code_span(project, document, paths[(theme, index)], CONSENSUS, start, end)
        consensus[quote] = change.value
    return consensus


def build_sample(project: Project) -> None:
    """Fill an empty project: interviews, codebook, coding, statements, one vignette."""
    add_transcripts(project)
    paths = add_codebook(project)
    segment = add_coding(project, paths)
    for theme, (categories, statement) in THEMES.items():
        names = [name for name, _flags in categories]
        statement_id = cmo.add_statement(project, theme, statement, names).value
        quotes = [q for _doc, q, t, _i, _c in CODING if t == theme]
        cmo_evidence.attach_evidence(project, statement_id, [segment[q] for q in quotes[:2]])
    title = "Finding a way through a hard year"
    vignettes.add_vignette(project, title, theme=T3)
    pick = [
        ("context", ["The rota got worse and I was covering gaps most weekends"]),
        ("mechanism", ["My mentor gave me an hour to say everything out loud"]),
        ("outcome", ["Talking it through kept me in the job when I was ready to leave"]),
    ]
    for section, quotes in pick:
        vignettes.pick_segments(project, title, section, [segment[q] for q in quotes])
    vignettes.set_narrative(
        project,
        title,
        "A junior doctor in a short-staffed department describes a year in which the "
        "work kept growing and time to recover kept shrinking.",
    )
