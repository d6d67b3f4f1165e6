"""Opinion desk: columns, arguments and reviews. The views are the authors' own."""

# ruff: noqa: E501

from .stories import Desk, Story

STORIES = (
    Story(
        kinds=("opinion",),
        headlines=(
            "Rebuild people before concrete",
            "Reconstruction is not a construction project",
            "The homes we rebuild will be empty unless we rebuild lives first",
        ),
        standfirsts=(
            "Billions will be spent on new buildings. Unless the money also goes to jobs, schools and care, the towns will stay empty.",
            "The debate about reconstruction is stuck on square metres. It should be about people.",
        ),
        ledes=(
            "Every few weeks, a new plan to rebuild {country} is unveiled at a conference abroad. The plans have renderings: glass, greenery, bicycle lanes. They rarely have people in them. That is the first thing I would change.",
            "I have visited dozens of towns damaged by the war, and the conversation with local officials always turns to buildings: how many flats, how many roofs, how many windows. The question I rarely hear is who will live in them.",
        ),
        body=(
            "A town is not its buildings. A town is a school where teachers want to work, a clinic with a doctor, a bus that runs on time, a factory or a farm that pays wages. Rebuild the flats without those, and you will have built a museum.",
            "The people who left {front_town} and towns like it are making new lives elsewhere. Every month they stay away, the chance that they return falls. If we want them back, the first investments should be in the things that make returning possible: jobs and schools, then homes.",
            "There is also a question of who decides. Too many reconstruction plans are drawn up in {capital} or abroad, by consultants who have never taken the bus in the town they are redesigning. Residents, including those who have left, should have a real say, not a public consultation held on a weekday afternoon.",
            "None of this is an argument against concrete. People need roofs. But a roof is the beginning of a home, not the end of the job.",
            "I am aware that it is easier to photograph a new apartment block than a retrained nurse. Donors like ribbons to cut. It is our job, as a society, to insist on the things that do not photograph well.",
        ),
        tags=("reconstruction", "refugees"),
    ),
    Story(
        kinds=("opinion",),
        headlines=(
            "We need an honest conversation about mobilisation",
            "Stop pretending the mobilisation problem will solve itself",
            "Fairness, not fear: how to fix the call-up",
        ),
        standfirsts=(
            "Politicians avoid the subject because it costs votes. Their silence is costing soldiers.",
            "The men at the front deserve rotation. The men at home deserve clear rules. Both deserve the truth.",
        ),
        ledes=(
            "There is a particular silence that falls over a room in {capital} when someone mentions mobilisation. Politicians look at their phones. Officials change the subject. It is the silence of a problem that everyone understands and nobody wants to own.",
            "My brother has been at the front for {n2} months. In that time, he has had {n_small} weeks of leave. He does not complain; he says others have had less. But I have started to wonder how long a country can ask the same men to carry the whole weight.",
        ),
        body=(
            "The arithmetic is not complicated. An army that cannot rotate its soldiers wears them out. Worn-out soldiers make mistakes, get wounded and, in the end, break. The longer we delay a decision, the more expensive every option becomes.",
            "What is missing is not a law but a consensus about fairness. People will accept hard rules if they believe the rules apply to everyone: to the son of the minister and the son of the miner, to the city and the village. Every story of a well-connected man avoiding service does more damage than a hundred speeches can repair.",
            "The government should publish clear criteria, limit the length of service and enforce the rules transparently. It should also talk honestly about what the alternative is. The alternative is not peace. It is a front line held by fewer and fewer exhausted people.",
            "I understand why politicians are afraid. But fear of a difficult conversation is a poor reason to let soldiers carry the cost of our hesitation.",
        ),
        tags=("mobilisation", "veterans", "elections"),
    ),
    Story(
        kinds=("opinion",),
        headlines=(
            "Corruption is a security threat. Treat it like one",
            "Every stolen crown is a shell that never arrives",
            "Why fighting graft is part of fighting the war",
        ),
        standfirsts=(
            "Some argue that anti-corruption investigations should wait until after the war. They have it backwards.",
            "A country that asks its citizens to sacrifice everything cannot tolerate officials who sacrifice nothing.",
        ),
        ledes=(
            "Whenever a new corruption case is made public, someone says it is the wrong time. The enemy will use it, they say. Partners will lose faith. Better to deal with it quietly, later. I understand the instinct, and I think it is wrong.",
            "A few months ago, a volunteer I know spent a week raising money for a generator for a front-line hospital. The same week, investigators revealed that a state contract had paid triple the market price for the same generators. She asked me a question I could not answer: why should anyone donate?",
        ),
        body=(
            "Corruption in wartime is not a moral failing on the side of the real story. It is part of the real story. Money stolen from procurement is equipment that does not reach the front. Trust destroyed at home is willingness to serve and to pay taxes that evaporates.",
            "The strongest argument for investigating now is that the system is finally capable of it. Public procurement data, independent investigators, journalists and an audience that cares: for the first time, all of them exist at once. Waiting would waste the moment.",
            "Partners will not lose faith because we expose corruption. They will lose faith if we hide it and they find out. The safest position for {country}'s reputation is to be the country that catches its own thieves first.",
            "Nobody should pretend that the fight is won. Cases drag on in court for years; sentences are often light. But the direction matters, and the direction must not change because it is inconvenient.",
        ),
        tags=("corruption", "diplomacy"),
    ),
    Story(
        kinds=("opinion",),
        headlines=(
            "Why a country at war needs newspapers that annoy it",
            "Independent journalism is not a luxury of peacetime",
            "The case for critical reporting when the sirens are sounding",
        ),
        standfirsts=(
            "Some readers ask why we report on failures of our own government in wartime. Here is our answer.",
            "Unity is not the same as silence. A free press is one of the things this war is being fought to keep.",
        ),
        ledes=(
            "Every week, we receive messages from readers who are angry that we have published a story critical of the government, the army or a local council. Some of them are soldiers. I read every one of them, and I want to explain why we will keep publishing those stories.",
            "There is an argument, heard often in wartime, that journalists should rally around the flag, keep their criticisms to themselves and save their investigations for after victory. I have some sympathy for it. I also think it would make victory less likely.",
        ),
        body=(
            "The difference between {country} and {enemy} is not only a border. It is that here, a journalist can reveal that a contract was inflated and the official responsible is investigated rather than the journalist. That difference is worth defending, and the only way to defend it is to use it.",
            "We take security seriously. We do not publish positions, unit movements or anything that could help the enemy target people. We work with the army's press officers and follow the rules of accreditation. Within those rules, our job is to report what is true.",
            "Readers fund us precisely because we are not owned by anyone with an interest in what we print. That independence is a promise. If we stopped telling uncomfortable truths, we would be breaking it.",
            "Criticism, done fairly, is a form of loyalty. It says: this country is worth getting right.",
        ),
        tags=("human rights", "corruption"),
    ),
    Story(
        kinds=("opinion",),
        headlines=(
            "The cities of the west must make room, and not just for a while",
            "Displaced people are not guests. Stop treating them like guests",
            "{city2} grew by a quarter. It should plan like it",
        ),
        standfirsts=(
            "Temporary solutions for displaced people have become permanent problems. The cities that took them in need to plan for them to stay.",
            "Hospitality was the right response in the first months. Now it is time for policy.",
        ),
        ledes=(
            "In the first weeks of the war, the cities of the west opened their doors. Schools became shelters, gyms became dormitories, and strangers shared kitchens. It was one of the finest moments in our country's history. But hospitality is designed for guests, and guests, eventually, go home. Many of the people who came west are not going home.",
            "{city2} has grown by about a quarter since the start of the war. Its schools run in two shifts, its buses are full, and rents have risen faster than wages. The city's leaders still talk about the newcomers as if they are passing through.",
        ),
        body=(
            "The numbers say otherwise. Surveys show that a majority of displaced families expect to stay where they are for years, and many plan to stay for good. Their children go to local schools; their parents work in local businesses. They are, already, residents.",
            "Treating them as residents means planning housing, schools and clinics for a permanently larger city. It means giving them a voice in local decisions. It means an end to the language of temporariness: temporary shelters, temporary registration, temporary payments.",
            "It would also be good for the cities. Displaced people have brought skills, businesses and energy. Several of the new companies in {city2} were founded by people who arrived with a single suitcase.",
            "The war has changed the map of the country. Our policies should catch up.",
        ),
        tags=("refugees", "reconstruction"),
    ),
    Story(
        kinds=("review",),
        headlines=(
            "'The Salt Road' is the first great novel of this war",
            "Review: a novel about a lighthouse keeper that is really about all of us",
        ),
        standfirsts=(
            "Irma Kessel's new novel follows a lighthouse keeper on the Kestrel Coast through the first year of occupation. It is quiet, precise and devastating.",
            "A book that refuses spectacle, and is stronger for it.",
        ),
        ledes=(
            'The hero of Irma Kessel\'s new novel, "The Salt Road", is a lighthouse keeper who stays at his post when the coast is occupied. He has no heroic plan. He keeps the light burning because that is what he has always done, and because ships, whoever sails them, need it.',
        ),
        body=(
            "Kessel, who grew up on the Kestrel Coast and left it in the first weeks of the war, writes with a restraint that is almost shocking. There are no battle scenes. The occupation arrives as a series of small changes: a new flag on the post office, a new rule about fishing boats, a neighbour who stops saying hello.",
            "The book's power lies in its details: the ritual of cleaning the lens, the inventory of tinned food, the letters the keeper writes to his daughter and does not send. By the end, the lighthouse has become a metaphor that Kessel is careful never to name.",
            "The keeper's daughter, who left for {city} before the occupation, appears only in those unsent letters, and yet she is the emotional centre of the book. Each letter is a page long, and each is more careful than the last, as if the keeper were learning what can and cannot be said.",
            "Kessel is very good on the texture of occupied life: the rumours that travel faster than news, the shopkeeper who changes the language of her price tags overnight, the schoolteacher who keeps teaching the old curriculum from memory, at the kitchen table, with the curtains drawn.",
            "Not everything works. A subplot about a smuggler feels borrowed from a different, more conventional novel, and the final chapter explains what the rest of the book trusted us to understand. These are small complaints.",
            '"The Salt Road" is the rare novel about war that will still be read when the war is over. It does not tell us what to feel. It shows us what people did, and lets us feel it ourselves.',
        ),
        tags=("culture",),
    ),
    Story(
        kinds=("review",),
        headlines=(
            "'Between Sirens' turns a metro station into a film about patience",
            "Review: a documentary that finds the whole war on one platform",
        ),
        standfirsts=(
            "The documentary follows the people who shelter in a single station over one winter. It is one of the most humane films of the year.",
            "Simple in form and enormous in effect.",
        ),
        ledes=(
            'Almost nothing happens in "Between Sirens", and that is the point. Director Talia Veit spent a winter filming the people who shelter in one metro station in {city}, and the film she has made from that time is a portrait of waiting: hours and hours of it, shared by strangers who become something like a community.',
        ),
        body=(
            "Veit uses no narration and no music except what is played on the platform. We meet a grandmother who knits socks for soldiers, a teenager revising for exams, a couple who argue about whether to leave the city. None of them is introduced by name. By the end, we know them anyway.",
            "The camera rarely moves. Veit sets it on a tripod at the end of the platform and lets people walk into and out of the frame, so that the station itself becomes the main character: its tiles, its flickering lights, the sound of the ventilation that never stops.",
            "The film is not without its weaknesses. At nearly two hours, it tests the viewer's patience, perhaps deliberately. A few scenes feel staged, and a late sequence set above ground, in daylight, breaks the spell the rest of the film has built.",
            "What stays with you are the small gestures: a stranger handing a child a biscuit, an old man teaching a teenager a card game, a woman who sleeps sitting up so that her neighbour's head can rest on her shoulder.",
            'In a season of loud war films, with drone footage and swelling music, "Between Sirens" refuses spectacle. It looks at ordinary people carefully and trusts them to be interesting. That is an achievement.',
            "Go, and take someone with you. You will want to talk about it afterwards.",
        ),
        tags=("culture",),
    ),
    Story(
        kinds=("review",),
        headlines=(
            "An exhibition of children's drawings that adults should see",
            "Review: 'Drawn at Home', the most moving show in {city} this year",
        ),
        standfirsts=(
            "Two small rooms, a few hundred drawings by children aged five to fourteen. Go with time to spare, and a handkerchief.",
            "The children drew what they remember. Most of them, it turns out, remember gardens.",
        ),
        ledes=(
            "The exhibition at the {city} city museum is small: two rooms, about {n_big} drawings, all by children aged between five and fourteen. Some show houses on fire. More, surprisingly, show gardens, pets and grandparents. It is the most moving show I have seen this year.",
        ),
        body=(
            "The drawings were collected by teachers at schools for displaced children, who asked their pupils a simple question: draw your home. The curators have hung them without commentary, grouped only by the child's age.",
            "The youngest children draw the world as they want it to be. A five-year-old from {front_town} has drawn her house twice the size of the church, with a cat in every window. A six-year-old has drawn a sun with a face that is, unmistakably, smiling.",
            "The older children know more, and it shows. A thirteen-year-old has drawn his street from above, the way a drone would see it, with small grey squares where the neighbours' houses used to be. It is the only drawing in the show that has no colour at all.",
            "The curators resisted the temptation to make the show about the war. There are tanks and rockets here, but there are many more dogs, bicycles and kitchen tables. The effect is to remind us of what the war is taking, rather than of the war itself.",
            "If there is a weakness, it is the final room, where a wall of text explains the project at length. The drawings need no explanation. The children said it better.",
            "The exhibition is free and runs until the end of {month}. Take your own children, if you have them. They will understand it faster than you do.",
        ),
        tags=("culture", "children"),
    ),
)

CONTEXT = (
    "I have spent much of the past year travelling around the country, and the same question came up wherever I went.",
    "This is not a new argument. It was made in the first months of the war, and it was right then too.",
    "I can already hear the objections. Some of them are fair. Most of them, on reflection, are reasons to act sooner rather than later.",
    "There is a tendency, in wartime, to treat every disagreement as disloyalty. I think that tendency is dangerous.",
    "History will not judge us by the speeches we gave but by the choices we made when the choices were hard.",
)

QUOTES = (
    'A friend who serves in the army put it more simply than I can: "We are not fighting so that nothing changes."',
    'As one reader wrote to us last month: "Tell me the truth. I can handle the truth. What I can\'t handle is finding out later."',
    'A teacher in {city} told me: "The children notice everything. They notice when adults are honest and when they are not."',
)

HEADINGS = (
    "The objection",
    "What should change",
    "A better way",
    "Why now",
)

PULL_QUOTES = (
    ("A roof is the beginning of a home, not the end of the job.", "From the column"),
    ("Criticism, done fairly, is a form of loyalty.", "From the column"),
    ("Every stolen crown is a shell that never arrives.", "From the column"),
)

CLOSERS = (
    "We can choose to have this conversation now, on our own terms, or later, on worse ones. I know which I would prefer.",
    "It will not be easy. Very little is, now. That is not a reason to wait.",
    "The views in this column are the author's own. To respond, use our Submit an Opinion page.",
)

DESK = Desk(
    slug="opinion",
    title="Opinion",
    introduction="Arguments, columns and reviews. The views are the authors' own; to answer one, submit an opinion.",
    stories=STORIES,
    context=CONTEXT,
    quotes=QUOTES,
    headings=HEADINGS,
    pull_quotes=PULL_QUOTES,
    closers=CLOSERS,
    tags=("culture", "human rights", "reconstruction", "corruption"),
)
