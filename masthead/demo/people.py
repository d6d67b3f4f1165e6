"""The demo newsroom's staff: bylines, the masthead and their portraits. All invented."""

# ruff: noqa: E501

from dataclasses import dataclass


@dataclass(frozen=True)
class Author:
    name: str
    role: str
    short_bio: str
    bio: tuple  # paragraphs of plain text
    desks: tuple  # section slugs this person writes for
    handle: str
    portrait: dict  # keyword arguments for art.draw_portrait
    team: str  # heading of the masthead group
    team_title: str = ""

    @property
    def slug(self):
        return self.name.lower().replace(" ", "-")

    @property
    def email(self):
        return f"{self.name.lower().replace(' ', '.')}@meridianledger.example"

    @property
    def links(self):
        return [
            ("Mastodon", f"https://social.example/@{self.handle}"),
            ("Bluesky", f"https://bsky.example/profile/{self.handle}.meridianledger.example"),
        ]


EDITORS = "Editors"
CORRESPONDENTS = "Correspondents"
PHOTO = "Photo and video"
OPINION = "Opinion and culture"
BUSINESS = "Business and membership"

TEAM_GROUPS = (EDITORS, CORRESPONDENTS, PHOTO, OPINION, BUSINESS)

AUTHORS = (
    Author(
        name="Hana Sorel",
        role="Editor-in-chief",
        short_bio="Hana Sorel founded The Meridian Ledger with five colleagues and a borrowed office. She edits the newsroom and writes the occasional column.",
        bio=(
            "Hana Sorel has been a reporter for twenty years, first at a regional daily in Hollin and later as a correspondent in Calder covering the Assembly and the courts.",
            "She co-founded The Meridian Ledger to build a newsroom that answers to its readers rather than to owners or advertisers. She is responsible for the editorial line and for the newsroom's standards on sourcing, corrections and safety.",
            "She lives in Calder with her husband, two teenagers and a very old dog.",
        ),
        desks=("opinion", "national"),
        handle="hanasorel",
        portrait={"hair_style": "bob", "hair": "dark brown", "skin": 1, "glasses": True},
        team=EDITORS,
    ),
    Author(
        name="Tomas Adler",
        role="Managing editor",
        short_bio="Tomas Adler runs the daily news operation: the schedule, the desks and the night shift.",
        bio=(
            "Tomas Adler joined The Meridian Ledger from a news agency, where he spent a decade as an editor on the overnight desk.",
            "He manages the daily flow of news, coordinates the correspondents and is the person readers write to when they spot a mistake. He believes every correction is a small act of respect.",
        ),
        desks=("national", "war"),
        handle="tomasadler",
        portrait={
            "hair_style": "receding",
            "hair": "grey",
            "skin": 0,
            "glasses": True,
            "beard": True,
        },
        team=EDITORS,
    ),
    Author(
        name="Milena Varga",
        role="Defence and security editor",
        short_bio="Milena Varga writes about strategy, weapons and the people who decide how the war is fought.",
        bio=(
            "Milena Varga studied international relations in Calder and worked at a security think tank before turning to journalism.",
            "She edits the Analysis desk and writes about the military balance, air defence and diplomacy. She is known in the newsroom for her maps and her refusal to predict anything.",
        ),
        desks=("analysis", "war"),
        handle="milenavarga",
        portrait={"hair_style": "long", "hair": "black", "skin": 2},
        team=EDITORS,
    ),
    Author(
        name="Sabine Korder",
        role="Features editor",
        short_bio="Sabine Korder edits Human Story, the desk that writes about people rather than maps.",
        bio=(
            "Sabine Korder was a magazine writer before the war, known for long profiles of musicians and athletes.",
            "She now edits the Human Story desk and writes features about people who have rebuilt their lives. She teaches narrative writing at the newsroom's J-School.",
        ),
        desks=("human-story",),
        handle="sabinekorder",
        portrait={"hair_style": "bun", "hair": "auburn", "skin": 0},
        team=EDITORS,
    ),
    Author(
        name="Kasia Lund",
        role="Business editor",
        short_bio="Kasia Lund covers the wartime economy: companies, banks, jobs and prices.",
        bio=(
            "Kasia Lund spent eight years at a financial newspaper in Calder, covering banking and the bond market.",
            "At The Meridian Ledger she edits the Business desk, with a focus on how companies adapt to the war and what it means for workers and savers.",
        ),
        desks=("business",),
        handle="kasialund",
        portrait={"hair_style": "side", "hair": "blonde", "skin": 1},
        team=EDITORS,
    ),
    Author(
        name="Oksana Riva",
        role="War correspondent",
        short_bio="Oksana Riva reports from the front line and the towns under fire.",
        bio=(
            "Oksana Riva has covered the war since its first day, when she drove east with a camera, a notebook and a flak jacket borrowed from a friend.",
            "She reports on the front line, the soldiers who hold it and the civilians who live near it. Her reporting on the evacuation of Tervin won a national press award.",
        ),
        desks=("war", "field-report"),
        handle="oksanariva",
        portrait={"hair_style": "long", "hair": "brown", "skin": 2},
        team=CORRESPONDENTS,
    ),
    Author(
        name="Ivo Drach",
        role="Field reporter, eastern front",
        short_bio="Ivo Drach spends most of his time in the east, with soldiers, medics and repair crews.",
        bio=(
            "Ivo Drach grew up in Brask and worked as a local radio reporter before the war.",
            "He now reports from the eastern front for The Meridian Ledger, with a particular interest in the people who keep front-line towns running: medics, engineers, volunteers and local officials.",
        ),
        desks=("field-report", "war"),
        handle="ivodrach",
        portrait={"hair_style": "short", "hair": "black", "skin": 3, "beard": True},
        team=CORRESPONDENTS,
    ),
    Author(
        name="Jonas Petrak",
        role="National correspondent",
        short_bio="Jonas Petrak covers the Assembly, the government and the courts.",
        bio=(
            "Jonas Petrak has reported on politics in Calder for twelve years.",
            "He covers the National Assembly, the cabinet and the courts, and writes about how laws passed in wartime change everyday life.",
        ),
        desks=("national", "analysis"),
        handle="jonaspetrak",
        portrait={"hair_style": "short", "hair": "brown", "skin": 1, "glasses": True},
        team=CORRESPONDENTS,
    ),
    Author(
        name="Aurelia Fenn",
        role="Investigations reporter",
        short_bio="Aurelia Fenn follows the money: procurement, reconstruction and the people who profit from the war.",
        bio=(
            "Aurelia Fenn trained as an accountant before becoming a journalist, which she says is the most useful thing she ever did for her reporting.",
            "Her investigations into army procurement and reconstruction contracts have led to criminal cases and changes in the law. She welcomes tips, securely.",
        ),
        desks=("national", "business"),
        handle="aureliafenn",
        portrait={"hair_style": "curly", "hair": "black", "skin": 5},
        team=CORRESPONDENTS,
    ),
    Author(
        name="Rafael Okoro",
        role="Energy and economy reporter",
        short_bio="Rafael Okoro writes about the power grid, energy prices and the economy of war.",
        bio=(
            "Rafael Okoro studied electrical engineering at Velmora Polytechnic and still reads grid-operator reports for fun.",
            "He covers energy, infrastructure and the economy, from the attacks on the power grid to the rooftop solar boom.",
        ),
        desks=("business", "analysis"),
        handle="rafaelokoro",
        portrait={"hair_style": "short", "hair": "black", "skin": 6},
        team=CORRESPONDENTS,
    ),
    Author(
        name="Elin Sarrow",
        role="Data reporter",
        short_bio="Elin Sarrow turns numbers into stories: polls, budgets, casualty counts and prices.",
        bio=(
            "Elin Sarrow worked as a statistician at the national statistics office before joining the newsroom.",
            "She analyses data for all of the desks and builds the charts and maps readers see in our explainers. She is sceptical of every number, including her own.",
        ),
        desks=("analysis", "national"),
        handle="elinsarrow",
        portrait={"hair_style": "bob", "hair": "blonde", "skin": 0, "glasses": True},
        team=CORRESPONDENTS,
    ),
    Author(
        name="Lev Marek",
        role="Photographer",
        short_bio="Lev Marek photographs the war and the country living through it.",
        bio=(
            "Lev Marek has photographed the war since its first week. Before that, he photographed weddings, football matches and, once, a presidential campaign.",
            "His pictures appear across The Meridian Ledger, and he occasionally writes the stories that go with them.",
        ),
        desks=("field-report", "human-story"),
        handle="levmarek",
        portrait={"hair_style": "short", "hair": "dark brown", "skin": 2, "beard": True},
        team=PHOTO,
    ),
    Author(
        name="Zofia Quell",
        role="Photo editor",
        short_bio="Zofia Quell chooses the pictures, and decides which ones we should not publish.",
        bio=(
            "Zofia Quell was a documentary photographer in the Kestrel Coast region for many years.",
            "As photo editor, she commissions and edits the newsroom's photography and sets its policy on images of the dead and the wounded.",
        ),
        desks=("human-story", "field-report"),
        handle="zofiaquell",
        portrait={"hair_style": "long", "hair": "white", "skin": 4},
        team=PHOTO,
    ),
    Author(
        name="Noor Halden",
        role="Video producer",
        short_bio="Noor Halden makes our documentaries and short films.",
        bio=(
            "Noor Halden studied film in Velmora and worked in television before the war.",
            "She produces the newsroom's video reports and documentaries, and trains young reporters to film safely near the front.",
        ),
        desks=("human-story", "field-report"),
        handle="noorhalden",
        portrait={"hair_style": "bun", "hair": "black", "skin": 4},
        team=PHOTO,
    ),
    Author(
        name="Petra Nowell",
        role="Columnist",
        short_bio="Petra Nowell writes a weekly column on politics and society.",
        bio=(
            "Petra Nowell is a former deputy in the National Assembly and the author of two books about local government.",
            "Her weekly column argues about reform, fairness and what kind of country should come out of the war.",
        ),
        desks=("opinion",),
        handle="petranowell",
        portrait={"hair_style": "side", "hair": "grey", "skin": 1, "glasses": True},
        team=OPINION,
    ),
    Author(
        name="Anselm Kray",
        role="Culture critic",
        short_bio="Anselm Kray reviews books, films, theatre and exhibitions.",
        bio=(
            "Anselm Kray has written about culture for twenty-five years and has been on the jury of the Calder Film Festival twice.",
            "He reviews books, films, exhibitions and theatre for The Meridian Ledger, and writes about how the arts respond to war.",
        ),
        desks=("opinion", "human-story"),
        handle="anselmkray",
        portrait={"hair_style": "receding", "hair": "white", "skin": 3, "glasses": True},
        team=OPINION,
    ),
)

# People on the masthead without an author page: (group, name, title).
STAFF = (
    (EDITORS, "Greta Hallik", "Copy chief"),
    (EDITORS, "Matej Oberin", "Night editor"),
    (PHOTO, "Bram Tovin", "Video editor"),
    (BUSINESS, "Livia Marvan", "Publisher"),
    (BUSINESS, "Emil Rusk", "Head of membership"),
    (BUSINESS, "Ada Brevik", "Advertising and partnerships"),
    (BUSINESS, "Cyril Salo", "Product and engineering"),
)


# Who may write for each desk, in preference order, so that bylines look plausible.
def authors_for_desk(slug):
    return [author for author in AUTHORS if slug in author.desks]


PHOTOGRAPHERS = ("Lev Marek", "Zofia Quell", "Noor Halden")
