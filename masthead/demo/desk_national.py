"""National desk: politics, courts, schools, hospitals and the home front."""

# ruff: noqa: E501

from .stories import Desk, Story

STORIES = (
    Story(
        kinds=("investigation",),
        analysts=("Esme Kallen",),
        officials=("Jarek Halloran", "Sona Veit"),
        headlines=(
            "Eggs at three times the price: inside the army food contracts under investigation",
            "Anti-corruption bureau charges {n_small} officials over army catering deals",
            "How a small firm from {city2} won a catering contract worth {amount} million crowns",
        ),
        standfirsts=(
            "Documents seen by The Meridian Ledger show that a supplier with no experience in catering won a contract to feed soldiers at prices far above the market.",
            "Investigators say the scheme cost the state {amount} million crowns. The company says it did nothing wrong.",
        ),
        ledes=(
            "A company registered eighteen months ago in a flat in {city2} won a contract to supply food to army units at prices up to three times higher than those in supermarkets, according to procurement documents reviewed by The Meridian Ledger.",
            "The National Anti-Corruption Bureau said on {weekday} that it had charged {n_small} defence ministry officials and two businessmen over contracts to feed soldiers, in a case that has become a test of the government's promise to root out wartime profiteering.",
        ),
        body=(
            "The contract, worth about {amount} million crowns, covered basic supplies such as eggs, potatoes, tinned meat and bread. In several categories, the agreed prices were well above the average retail price at the time, even though the state was buying in bulk.",
            'The company\'s director, {boss}, said in a written response that the prices reflected the cost of delivering to the front line, including fuel, insurance and the risk to drivers. "Our trucks go where others refuse to go," the statement said.',
            '{analyst} said the case showed both progress and weakness. "Five years ago, this contract would never have been published," {analyst_last} said. "Today it was published, journalists found it, and investigators acted. That is the system working, late."',
            "Defence officials have since moved food procurement to an electronic system with published reference prices, and say savings have run to {pct} percent. Critics say the new rules still allow contracts to be split into smaller lots that escape scrutiny.",
            'Soldiers interviewed for this story said the problem they notice is not price but quality. "We don\'t see the contracts," said a sergeant with {unit}. "We see the bread. Some weeks it is fine. Some weeks the dog won\'t eat it."',
        ),
        tags=("corruption", "mobilisation"),
    ),
    Story(
        kinds=("news", "feature"),
        analysts=("Talia Greer", "Halina Borov"),
        officials=("Nils Wenzel", "Dana Krell"),
        headlines=(
            "Lessons underground: {city} opens its first school built below the playground",
            "Nine metres under the playground, {city}'s children go back to class",
            "Can an underground school feel like a school? {city} is trying",
        ),
        standfirsts=(
            "The school, built in {n_small} months, has classrooms, a gym and a canteen, all below ground. Parents say it is the first time in two years their children have sat at real desks.",
            "Cities near the front have started building schools that double as shelters. Teachers say the hardest part is not the concrete but the light.",
        ),
        ledes=(
            "For the first time since the war began, {n_big} children in {city} went to school on {weekday} without a laptop. Their new school, built nine metres below the playground of an old primary school, has {n} classrooms, a canteen, a small gym and enough air filters to keep everyone safe during a long alert.",
            "The stairs go down, and down again. At the bottom, behind a blast door, is a corridor painted yellow, with children's drawings taped to the walls. This is School No. 4 in {city}, the first school in the region built entirely underground.",
        ),
        body=(
            'The city spent about {amount} million crowns on the project, part of it donated by partners abroad. {city_official} said that several more were planned. "We cannot give the children a normal childhood," {city_official_last} said. "But we can give them a classroom and a teacher they can touch."',
            'Teachers said the first weeks had been emotional. "Some children had forgotten how to sit in a row, how to put their hand up," said {resident_name}, who teaches maths. "One girl asked if she was allowed to talk to the boy next to her. For two years, he was a face on a screen."',
            'Designers tried to make the space feel less like a bunker: the lighting changes colour through the day to imitate the sun, and one corridor has a mural of a forest. Ventilation runs constantly, giving the building a low hum that the children have nicknamed "the whale".',
            'Not everyone is convinced. Some parents worry about spending long hours underground, and child psychologists say the schools are no substitute for an end to the shelling. {analyst} said the schools should be seen as "a bridge, not a destination".',
            "Demand far exceeds space. The school runs in two shifts, and the waiting list has more than {n_big} names. Families who did not get a place continue with online lessons.",
        ),
        tags=("education", "children", "reconstruction"),
    ),
    Story(
        kinds=("news",),
        analysts=("Edvin Castell", "Piotr Lenz"),
        officials=("Nils Wenzel", "Tomas Verek"),
        headlines=(
            "Assembly passes law on compensation for destroyed homes after months of delay",
            "Housing vouchers for families who lost homes: what the new law promises",
            "'Finally, something on paper': owners of destroyed flats welcome compensation law",
        ),
        standfirsts=(
            "Families whose homes were destroyed will receive vouchers to buy new ones. The law does not yet cover occupied areas, and funding remains uncertain.",
            "The law passed with {n_big} votes after a night session. The question now is whether the money will follow.",
        ),
        ledes=(
            "The National Assembly on {weekday} passed a law that will give families whose homes were destroyed in the war vouchers worth the value of a comparable flat, ending months of disputes over how to compensate hundreds of thousands of people.",
            "{resident_name} keeps the keys to her old flat in {city} in a kitchen drawer. The building where she lived for 30 years was hit by a missile and later demolished. On {weekday}, for the first time, she had a reason to think she might one day have keys to a new one.",
        ),
        body=(
            "Under the law, owners will apply through the state's digital services app, attaching photographs and an inspection report. Vouchers can be used to buy a flat anywhere in the country, including in new buildings still under construction.",
            '{official} said that the first vouchers would be issued within {n_small} months, starting with families who have children or members with disabilities. "We know people have waited too long," {official_last} said. "The system must now be fast and honest."',
            'Lawyers welcomed the law but warned of gaps. It does not apply to homes in occupied areas, and owners of damaged homes, as opposed to destroyed ones, receive much smaller sums for repairs. {analyst} said disputes over valuations were inevitable. "Every house is priceless to its owner," {analyst_last} said.',
            "Builders say the vouchers could revive construction in regions away from the front, but they warn that prices will rise if many families try to buy at once.",
        ),
        tags=("reconstruction", "human rights"),
    ),
    Story(
        kinds=("news", "feature"),
        analysts=("Halina Borov",),
        officials=("Stefan Orsk",),
        headlines=(
            "Rural hospitals lose doctors faster than they can hire them",
            "One surgeon for {n_k} people: the doctor shortage outside the cities",
            "In {region}, a hospital that runs on retired doctors and goodwill",
        ),
        standfirsts=(
            "Many doctors were mobilised or moved abroad. Hospitals in small towns are closing departments and sending patients hours away.",
            "The health ministry says it will pay bonuses to doctors who move to rural hospitals. Doctors say money is only part of the problem.",
        ),
        ledes=(
            "The district hospital in {city3} once had {n_small} surgeons. Today it has one, who is 67. Its maternity ward closed in {month}, and women in labour are now driven {km} kilometres to {city}, a journey that can take more than an hour when the roads are busy with military convoys.",
            "The health ministry estimates that hospitals outside the largest cities are short of several thousand doctors, a gap that has grown since the start of the war as doctors joined the army, moved to safer regions or left the country.",
        ),
        body=(
            '{doctor}, the head physician at {hospital} in {city3}, keeps a list of colleagues the hospital has tried to recruit. Most have said no. "They have families, they have mortgages in the city, they have children in good schools," {doctor_last} said. "I can offer them a flat and a lot of work."',
            "The ministry has launched a programme that pays doctors a bonus of up to {n2},000 crowns a month to work in rural hospitals for at least two years. About {n_big} have signed up so far, officials said.",
            '{analyst} said the shortage predated the war. "The war turned a slow crisis into a fast one," {analyst_last} said. "Rural medicine was always underpaid and overworked. Now it is also dangerous."',
            'Nurses bear much of the burden. {resident_name}, a nurse who has worked at the hospital for 26 years, said she regularly works double shifts. "We do the work of the doctors who are not here," she said. "Nobody writes that down anywhere."',
        ),
        tags=("health",),
    ),
    Story(
        kinds=("interview",),
        headlines=(
            "'Rights do not pause in wartime': an interview with the ombudsman",
            "The ombudsman on prisoners, displaced people and the limits of emergency law",
        ),
        standfirsts=(
            "Irma Tolan has spent her term documenting abuses by the enemy and, less comfortably, by her own state. She spoke to The Meridian Ledger about both.",
            "A conversation about captivity, curfews, and why a country at war still needs someone to complain to.",
        ),
        ledes=(
            "Irma Tolan became the ombudsman for human rights a year before the war. Since then, her office has handled tens of thousands of complaints, from families of missing soldiers to residents of front-line towns who say their homes were requisitioned. We met in her office in {capital}, where the windows are still taped against blast.",
        ),
        body=("The interview has been edited for length and clarity.",),
        qa=(
            (
                "What takes up most of your office's time now?",
                "Prisoners and the missing. Every day we get calls from mothers, wives, sisters. Sometimes all we can tell them is that we have passed the name on, again. That is not nothing, but it is not much.",
            ),
            (
                "Your office has also criticised the {ADJ} government. Is that uncomfortable in wartime?",
                "It is uncomfortable, and it is my job. If a recruitment officer breaks the law, that is a violation whether or not there is a war. I would say the opposite: a country fighting for its freedom has to be more careful with freedom at home, not less.",
            ),
            (
                "What do you hear from people displaced from the east?",
                "That they feel like guests in their own country. They are grateful for help, but they want to be part of decisions. They want jobs, not only aid. And they want to know what happens to their homes.",
            ),
            (
                "Is emergency law being abused?",
                "In places. Curfews that last longer than necessary, restrictions on journalists that are not justified by security. Most of it is not malice. It is officials who find that emergency powers make their work easier. Our job is to make it slightly harder again.",
            ),
            (
                "What keeps you going?",
                "The cases that end well. Last month a man came into this office with flowers. His son had come back in an exchange. He wanted to thank the young lawyer who had kept the file open for a year. We all cried. Then we went back to work.",
            ),
        ),
        tags=("human rights", "veterans", "refugees"),
    ),
    Story(
        kinds=("investigation", "news"),
        analysts=("Esme Kallen",),
        officials=("Nils Wenzel",),
        headlines=(
            "How the cost of rebuilding a school in {city} doubled in {n_small} months",
            "Repairs that never happened: auditors question reconstruction spending in {region}",
            "The roof, the windows and the missing {amount} million crowns",
        ),
        standfirsts=(
            "Budget documents show a school renovation in {city} was billed for work that parents say was never done. The contractor disputes the account.",
            "As money for reconstruction flows into the regions, auditors are finding contracts that do not add up.",
        ),
        ledes=(
            "When a missile blew out the windows of School No. {n_small} in {city}, the city council promised a quick repair. Two years and {amount} million crowns later, parents say the heating still fails, the roof still leaks, and the bills describe work they have never seen.",
            "The State Audit Office said on {weekday} that it had found irregularities in reconstruction contracts worth {amount} million crowns in {region}, including payments for materials that were never delivered and work that was billed twice.",
        ),
        body=(
            'The Meridian Ledger obtained the contract and {n_small2} amendments through a freedom-of-information request. Each amendment added work and cost: new ventilation, then a different roof membrane, then "additional structural reinforcement". The final price was roughly double the original tender.',
            "The contractor, a firm from {city2}, said in a statement that all changes had been approved by the council's technical supervisor and were needed because the damage was worse than first estimated. It said the leaks were caused by a later attack.",
            'Parents tell a different story. "We were in that building every day," said {resident_name}, who chairs the parents\' committee. "We saw three workers for two weeks. Then we saw nobody."',
            '{analyst} said the case fitted a pattern of weak supervision in local reconstruction. "Money is moving faster than the capacity to check it," {analyst_last} said. "Partners are right to ask questions, and we should be asking them first."',
            "The council has suspended payments to the contractor pending an independent inspection. Police have opened a criminal case.",
        ),
        tags=("corruption", "reconstruction", "education"),
    ),
    Story(
        kinds=("news",),
        analysts=("Halina Borov", "Talia Greer"),
        officials=("Stefan Orsk", "Jarek Halloran"),
        headlines=(
            "Veterans' centre opens in {city} as thousands return from the front with wounds",
            "'We learned to walk again here': a new rehabilitation centre in {city}",
            "More prosthetics, fewer waiting lists: {city} bets on a veterans' campus",
        ),
        standfirsts=(
            "The centre offers physiotherapy, prosthetics, counselling and job training in one place. Veterans say the hardest part of coming home is the paperwork.",
            "With tens of thousands of soldiers wounded, the country is building a system of care almost from scratch.",
        ),
        ledes=(
            "A rehabilitation centre for wounded soldiers opened in {city} on {weekday}, offering physiotherapy, prosthetics, psychological support and job training under one roof, in what officials called a model for the rest of the country.",
            "On the ground floor of a former textile mill in {city}, a man in a tracksuit walks between two parallel bars, watched by a physiotherapist. His new leg, made in a workshop upstairs, is three days old.",
        ),
        body=(
            "The centre can treat {n_big} patients at a time. It was built with money from the state, a foreign aid agency and a crowdfunding campaign that raised {amount} million crowns in {n_small} weeks.",
            'Veterans interviewed for this story said the medical care they received was good, but the bureaucracy that followed was exhausting. "To prove I had lost my leg, I needed a certificate," said {resident2_name}, a former infantryman. "To get the certificate, I had to travel to another city. On crutches."',
            '{official} said the government was moving veterans\' services into a single digital system. "A man who gave his health for the country should not be collecting stamps," {official_last} said.',
            'Psychologists at the centre say demand for their time is rising. {analyst} said the country would be dealing with the psychological effects of the war for decades. "We are training therapists as fast as we can, and it is not fast enough," {analyst_last} said.',
        ),
        tags=("veterans", "health"),
    ),
)

CONTEXT = (
    "The country has been under martial law since the first day of the war. Elections have been postponed, and the Assembly has renewed martial law every three months.",
    "Millions of people have been displaced within {country}, and millions more have left the country. Cities in the west, such as {city2}, have grown by a quarter.",
    "Local government has become the face of the state for most people. Mayors who once argued about parking now organise evacuations, shelters and generators.",
    "Partners have tied much of their financial support to reforms in courts, customs and procurement. Officials say the conditions have helped reformers inside the government win arguments they used to lose.",
    "The state's digital services app, used by most adults, has become the main way citizens deal with the government, from registering a damaged home to applying for aid.",
    '{analyst} said the war had changed what people expect from the state. "They want it to be fast and fair. In peacetime, they would have settled for one of the two," {analyst_last} said.',
    "Budgets for schools, hospitals and roads have been cut to pay for defence, and local councils have turned to donors to fill the gaps.",
    "Journalists and activists have played a central role in exposing wrongdoing. Several recent cases began with a post by a soldier or a volunteer who noticed something wrong.",
)

QUOTES = (
    '"We are fighting two wars: one against the enemy and one against our own bad habits," said {official_name}. "We must win both."',
    '"People forgive the state for being slow. They don\'t forgive it for being unfair," said {analyst_name}.',
    '"I have stopped reading the news," said {resident_name}, a resident of {city}. "I read the schedule of the power cuts and the list of open pharmacies."',
    '{city_official} said the council had received more complaints in the past year than in the previous five combined. "That is not a bad sign," {city_official_last} said. "It means people still believe complaining works."',
    '"Everyone wants reforms, as long as they start somewhere else," said a deputy in the Assembly, who asked not to be named.',
)

HEADINGS = (
    "What the documents show",
    "The official response",
    "Who pays",
    "A system under strain",
    "What changes now",
    "In {city}",
    "The people left out",
)

PULL_QUOTES = (
    ("Money is moving faster than the capacity to check it.", "{analyst_name}"),
    (
        "People forgive the state for being slow. They don't forgive it for being unfair.",
        "{analyst_name}",
    ),
    (
        "We cannot give the children a normal childhood. But we can give them a classroom.",
        "{city_official_name}",
    ),
    (
        "We do the work of the doctors who are not here. Nobody writes that down anywhere.",
        "{resident_name}, a nurse",
    ),
)

CLOSERS = (
    "The next hearing in the case is scheduled for {month}. The Meridian Ledger will follow it.",
    "Officials promised a progress report within {n_small} months. Residents of {city} said they would believe it when they saw it.",
    'Asked whether things were getting better, {resident_name} paused. "Slowly," she said. "Like everything now."',
)

DESK = Desk(
    slug="national",
    title="National",
    introduction="Politics, courts, schools, hospitals and the home front: how the country governs itself in wartime.",
    stories=STORIES,
    context=CONTEXT,
    quotes=QUOTES,
    headings=HEADINGS,
    pull_quotes=PULL_QUOTES,
    closers=CLOSERS,
    tags=("corruption", "health", "education", "reconstruction", "human rights", "elections"),
    analysts=("Edvin Castell", "Esme Kallen", "Talia Greer", "Halina Borov", "Yana Rendel"),
)
