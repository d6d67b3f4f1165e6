"""The shape of the demo's story material and the shared pools every desk draws on.

A Story is hand-written, original copy about one kind of event, with {slots}
filled from world.cast(): the writer picks one headline, one standfirst, one
lede and some of the body, then mixes in the desk's context, quotes and
closing paragraphs until the article reaches its length.
"""

# ruff: noqa: E501

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Story:
    kinds: tuple
    headlines: tuple
    standfirsts: tuple
    ledes: tuple
    body: tuple
    tags: tuple
    # For interviews: (question, answer) pairs.
    qa: tuple = field(default=())
    # Officials and analysts (names from world) who would speak on this story.
    officials: tuple = field(default=())
    analysts: tuple = field(default=())


@dataclass(frozen=True)
class Desk:
    """One section's material."""

    slug: str
    title: str
    introduction: str
    stories: tuple
    context: tuple
    quotes: tuple
    headings: tuple
    pull_quotes: tuple
    closers: tuple
    tags: tuple
    # Analysts (names from world.ANALYSTS) the desk usually quotes; empty means any.
    analysts: tuple = field(default=())


TAGS = [
    "energy",
    "drones",
    "refugees",
    "frontline",
    "corruption",
    "air defence",
    "economy",
    "reconstruction",
    "elections",
    "diplomacy",
    "agriculture",
    "health",
    "education",
    "mobilisation",
    "veterans",
    "culture",
    "shipping",
    "infrastructure",
    "human rights",
    "sanctions",
    "technology",
    "volunteers",
    "evacuation",
    "children",
    "banking",
]

# Paragraphs any desk may use, mostly about sourcing and method.
COMMON = (
    "The Meridian Ledger could not independently verify every figure in this account. Where officials and residents disagreed, we have said so.",
    "Our reporters spoke to more than a dozen people for this story. Some asked that only their first names be used because they have relatives in occupied areas.",
    "Official figures are published with a delay of several days, and local authorities often revise them upward as rubble is cleared and records are checked.",
    "Numbers rarely tell the whole story in {country}. A district that loses a water pumping station may report no casualties at all and still empty out within a month.",
    "Mobile networks were down for parts of the day, and several people we reached by phone said they were speaking from shelters or basements.",
    "The {enemy_adj} defence ministry did not respond to questions. State media in {enemy} made no mention of the events described here.",
)

COMMON_CLOSERS = ("We will update this story as more information becomes available.",)
