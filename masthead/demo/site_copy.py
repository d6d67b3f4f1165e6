"""Copy for the demo's standing pages, forms, jobs and site settings."""

# ruff: noqa: E501

OUTLET = "The Meridian Ledger"
TAGLINE = "Independent news from Arvenia, paid for by its readers"
DESCRIPTION = (
    "The Meridian Ledger is an independent, reader-funded newsroom covering the war in Arvenia "
    "and the country living through it. No owners, no oligarchs, no paywall on the news."
)
COPYRIGHT = "Meridian Ledger Media"
EDITORS_EMAIL = "editors@meridianledger.example"
FROM_EMAIL = "newsroom@meridianledger.example"

# slug -> (title, introduction, body as a list of ("h2", text) or ("p", text))
STANDARD_PAGES = {
    "about": (
        "About",
        "We are an independent newsroom founded by journalists and paid for by our readers. We report the war and the country living through it.",
        [
            (
                "p",
                "The Meridian Ledger was founded in Calder by six journalists who had spent their careers at newspapers that were bought, sold and, in two cases, closed by their owners. We wanted to build a newsroom that answers to the people who read it and to nobody else.",
            ),
            ("h2", "What we cover"),
            (
                "p",
                "We report from the front line and from the cities under fire, but also from schools, hospitals, courts, factories and farms. We believe a war is not only a military story: it is the story of every family that lives through it.",
            ),
            (
                "p",
                "Our desks are War, Analysis, National, Human Story, Field Report, Opinion and Business. Each has an editor, and every story is read by at least two people before it is published.",
            ),
            ("h2", "How we are funded"),
            (
                "p",
                "Most of our budget comes from members: readers who pay a monthly or yearly amount so that the news stays free for everyone. The rest comes from foundation grants that do not give funders any say over what we publish, and from a small amount of advertising that we label clearly.",
            ),
            (
                "p",
                "We publish our finances every year, including the names of any funder that gives us more than five percent of our budget.",
            ),
            ("h2", "Our standards"),
            (
                "p",
                "We check what we publish. We name our sources unless doing so would put someone in danger, and we explain why when we don't. We do not publish information that could help the enemy target people. When we make a mistake, we correct it at the bottom of the story and say what changed.",
            ),
            (
                "p",
                "To report an error, write to corrections@meridianledger.example or use our contact form.",
            ),
        ],
    ),
    "advertising": (
        "Advertising",
        "A small amount of clearly labelled advertising helps pay for our journalism. Here is how it works.",
        [
            (
                "p",
                "We accept display advertising and sponsored newsletters from organisations whose values are compatible with ours. Every advertisement is labelled, and advertisers never see or influence our reporting before it is published.",
            ),
            ("h2", "What we don't accept"),
            (
                "p",
                "We do not accept advertising from political parties, gambling companies, companies under sanctions or anyone who asks for coverage in return. We do not sell our readers' data, and our site uses no third-party tracking.",
            ),
            ("h2", "Audience"),
            (
                "p",
                "Our readers are spread across the country and the diaspora. Most read us on their phones, many in the evening, and a large share read our newsletters every morning.",
            ),
            ("p", "For rates and availability, write to ads@meridianledger.example."),
        ],
    ),
    "j-school": (
        "J-School",
        "Our free journalism school trains young reporters, fixers and editors from regions affected by the war.",
        [
            (
                "p",
                "Every year, the Meridian Ledger J-School takes a group of about twenty students for a six-month programme of workshops, mentoring and paid assignments. Most of our students come from towns near the front or have been displaced by the war.",
            ),
            ("h2", "What you learn"),
            (
                "p",
                "Reporting and verification, interviewing people who have been through trauma, writing for the web and for newsletters, data basics, photography and safety in conflict zones. Every student is paired with an editor from our newsroom.",
            ),
            ("h2", "Who can apply"),
            (
                "p",
                "Anyone over eighteen, with or without experience. We care more about curiosity and persistence than about diplomas. The programme is free, and we pay a stipend for published work.",
            ),
            (
                "p",
                "Applications for the next programme open in the autumn. Subscribe to our newsletters to be told when.",
            ),
        ],
    ),
    "privacy": (
        "Privacy",
        "We collect as little about you as we can, and we never sell it.",
        [
            ("h2", "What we collect"),
            (
                "p",
                "If you become a member or subscribe to a newsletter, we keep your email address and, for members, the details our payment provider needs. If you write to us through a form, we keep your message so that an editor can answer it.",
            ),
            ("h2", "What we don't collect"),
            (
                "p",
                "We do not use advertising trackers or third-party analytics. We count page views without cookies and without storing your IP address, so that we know which stories are read without knowing who read them.",
            ),
            ("h2", "Your rights"),
            (
                "p",
                "You can download the data we hold about you, or ask us to erase it, from your account page at any time. You can unsubscribe from every newsletter with one click from any email we send.",
            ),
            ("p", "Questions about privacy: privacy@meridianledger.example."),
        ],
    ),
}

TEAM_INTRODUCTION = (
    "The Meridian Ledger is made by about thirty people in Calder, Velmora and the east, plus a network of freelance "
    "reporters and photographers across the country. These are the people on our masthead."
)

JOBS_INTRODUCTION = (
    "<p>We are a small newsroom that punches above its weight. We pay fairly, publish our salary bands, and give "
    "everyone who works near the front line safety training, insurance and equipment.</p>"
    "<p>We especially welcome applications from people who grew up in the regions most affected by the war.</p>"
)

# (title, location, employment type, description paragraphs, closes in days (negative = already closed))
JOBS = (
    (
        "Reporter, Velmora bureau",
        "Velmora",
        "full_time",
        (
            "We are looking for a reporter to join our bureau in Velmora, covering the city and the front-line districts of the region.",
            "You will report news and features, work closely with our photographers and take part in regular safety training. At least two years of reporting experience is preferred.",
        ),
        30,
    ),
    (
        "Newsletter editor",
        "Calder or remote",
        "full_time",
        (
            "We are launching our newsletters and need an editor to write and produce the Morning Ledger every weekday.",
            "You write quickly and clearly, you know how to choose what matters, and you are happy to start early.",
        ),
        21,
    ),
    (
        "Freelance photographers, eastern regions",
        "Eastern regions",
        "freelance",
        (
            "We commission photographers for assignments in the east. We pay day rates agreed in advance, cover expenses and provide protective equipment.",
            "Send us a portfolio of up to twenty pictures and a short note about where you work.",
        ),
        None,
    ),
    (
        "Summer intern, data desk",
        "Calder",
        "internship",
        (
            "A paid three-month internship on the data desk, working on budgets, polls and procurement records.",
        ),
        -10,
    ),
)

OPINION_FORM = {
    "title": "Submit an Opinion",
    "slug": "submit-an-opinion",
    "intro": (
        "<p>We publish opinion pieces from readers, experts and people with first-hand experience of the issues we cover. "
        "Tell us your argument in one sentence, then send the text. We read every submission and reply within a week if we want to publish it.</p>"
        "<p>Pieces should be original, not published elsewhere, and between 600 and 1,200 words.</p>"
    ),
    "thank_you": "<p>Thank you. Your piece has reached the opinion editors. If we would like to publish it, we will write to you within a week.</p>",
    "subject": "New opinion submission",
    "submit_label": "Send my piece",
    "fields": (
        ("Name", "singleline", True, "", ""),
        ("Email", "email", True, "", "We will only use it to reply about your piece."),
        ("Pitch", "singleline", True, "", "One sentence: what is your argument?"),
        (
            "Text",
            "multiline",
            True,
            "",
            "Paste your text here: 600 to 1,200 words, with a headline if you have one.",
            # (max characters, max words): a generous limit, and a cap on characters
            (12_000, 1_500),
        ),
    ),
}

CONTACT_FORM = {
    "title": "Contacts",
    "slug": "contacts",
    "intro": (
        "<p>Write to us with tips, corrections, questions about membership or anything else. "
        "For sensitive tips, ask for a secure channel and an editor will get back to you.</p>"
        "<p>The Meridian Ledger, 14 Ropewalk Street, Calder.</p>"
    ),
    "thank_you": "<p>Thank you for writing. An editor will read your message and reply if it needs an answer.</p>",
    "subject": "New message from the contact form",
    "submit_label": "Send message",
    "fields": (
        ("Name", "singleline", True, "", ""),
        ("Email", "email", True, "", ""),
        (
            "Subject",
            "dropdown",
            True,
            "A news tip\nA correction\nMembership and payments\nAdvertising\nSomething else",
            "",
        ),
        ("Message", "multiline", True, "", ""),
    ),
}

SOCIAL_LINKS = (
    ("mastodon", "https://social.example/@meridianledger"),
    ("bluesky", "https://bsky.example/profile/meridianledger.example"),
    ("telegram", "https://t.example/meridianledger"),
    ("youtube", "https://video.example/@meridianledger"),
)
STORE_URL = "https://store.example.org"
