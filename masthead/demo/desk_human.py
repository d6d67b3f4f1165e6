"""Human Story desk: people, not maps."""

# ruff: noqa: E501

from .stories import Desk, Story

STORIES = (
    Story(
        kinds=("feature",),
        headlines=(
            "The baker of {village}: the woman who stayed to feed the soldiers",
            "Forty loaves before dawn: {resident_name} and the last oven in {village}",
            "'Bread is the last thing to go': a village baker keeps her fire lit",
        ),
        standfirsts=(
            "Most of her neighbours left long ago. {resident_first} stayed, and every morning she bakes bread for the soldiers and the handful of elderly people who remain.",
            "A village almost emptied by shelling still smells of bread in the mornings. This is the story of the woman responsible.",
        ),
        ledes=(
            "At four in the morning, when the artillery usually pauses, {resident_name} lights the wood-fired oven in the back of her house in {village}. By seven, there are forty loaves cooling on the kitchen table, and the first soldiers are knocking at the gate.",
            "{resident_name} is {old_age} years old and has lived in {village} all her life. Before the war, she baked for weddings and funerals. Now she bakes every day, for whoever is left.",
        ),
        body=(
            "The village had about six hundred residents before the war. Today, by her count, there are {n}. The shop closed long ago; the nearest working one is in {front_town}, {km} kilometres away along a road that drones watch day and night.",
            'Flour arrives in sacks brought by volunteers from {ngo}. Soldiers bring firewood. In return, she refuses money. "What would I buy with it?" she asked, laughing. "There is nothing to buy."',
            'Her son lives in {city} and calls every evening to ask her to leave. She tells him the same thing each time: when the oven stops, she will come. "Bread is the last thing to go," she said. "When a village has no bread, it has nothing."',
            'Soldiers from {unit}, stationed nearby, call her Granny. One of them, a sergeant with the call sign {call_sign}, fixed her roof after a shell landed in the garden. "She feeds half the battalion," he said. "We would carry her oven out of here on our backs if she asked."',
            "In the afternoons, she walks the street with a bag of loaves, leaving bread at the doors of the neighbours who cannot walk. Some doors do not open anymore. She keeps knocking anyway.",
        ),
        tags=("frontline", "volunteers"),
    ),
    Story(
        kinds=("feature",),
        headlines=(
            "Cello in the underground: the musician who plays through the air raids",
            "When the sirens start, {resident2_name} opens his case",
            "Bach on platform two: how a metro station became a concert hall",
        ),
        standfirsts=(
            "For two years, a cellist has played for people sheltering in the metro in {city}. Some come back just to hear him.",
            "He has played more than {n_big} concerts without a ticket, a stage or a scheduled start time.",
        ),
        ledes=(
            "The first notes come a few minutes after the siren. By then, the platform at Central Station in {city} is full: parents with sleeping children, students with laptops, an old man with a small dog in a bag. At the far end, on a folding stool, {resident2_name} is tuning his cello.",
            "{resident2_name} used to play in the orchestra of the {city} opera house. Then the opera house closed, and the orchestra scattered. Now his stage is platform two of a metro station, and his concerts begin whenever the air-raid alert does.",
        ),
        body=(
            'He started by accident. During one of the first long alerts, he had his cello with him on the way home from a rehearsal, and a child asked what was in the case. He played one piece, then another. "After that, people started asking if I would come back," he said. "So I came back."',
            'His repertoire is mostly Bach, with some folk songs that older listeners ask for and, occasionally, a film theme for the children. He never announces the pieces. "Everyone here is tired. They don\'t need a lecture," he said.',
            '{resident_name}, a nurse, has heard him play perhaps {n} times. "When I hear the cello, my breathing slows," she said. "I don\'t know the names of the pieces. I know that for an hour nobody is talking about the news."',
            'Metro staff have given him a spot near the stairs where the acoustics are best. The station master, {resident3_name}, said the concerts had changed the mood of the shelter. "People are calmer. Fewer arguments. More sharing of food," {resident3_last} said.',
            'When the all-clear sounds, he stops mid-phrase, bows slightly and packs up. Sometimes people clap. Often they are already hurrying for the stairs. "That is the best review," he said. "It means the night is over."',
        ),
        tags=("culture",),
    ),
    Story(
        kinds=("feature",),
        headlines=(
            "After {n} months apart, a family reunited on a railway platform",
            "The long way home: how a mother got her children out of the occupied south",
            "'I counted the days in pencil on the wall': a family's journey back together",
        ),
        standfirsts=(
            "When the occupation began, {resident_name}'s children were staying with their grandparents on the other side of the new front line. Getting them back took a year and a route through {n_small} countries.",
            "Thousands of families were split by the front line. This is how one of them found its way back.",
        ),
        ledes=(
            "The train from the border was two hours late. {resident_name} had been standing on the platform in {city} since before dawn, holding a bunch of flowers that had started to wilt. When her son and daughter stepped off the carriage, she dropped them.",
            "On the day the front line moved past her parents' village, {resident_name}'s children were there for the summer holidays. For the next {n} months, she could speak to them only in brief, careful calls, knowing that anyone could be listening.",
        ),
        body=(
            "Leaving occupied territory directly across the front is impossible. Families who want to get out must travel through {enemy} and a third country, a journey of thousands of kilometres with checkpoints where men, and sometimes children, are questioned for hours.",
            'Volunteers who organise such journeys work quietly and ask for little publicity. One of them, who agreed to speak only if not named, said the most dangerous moments were at the filtration points. "They look at phones, photographs, tattoos," the volunteer said. "Children are coached to say nothing."',
            '{resident_first}\'s children, now {n_small} and {n_small2} years older than when she last held them, have changed. Her son is taller than she is. Her daughter speaks with the accent of the village. "I missed a whole part of their lives," she said. "I will never get it back. But I got them back."',
            "The children's grandparents stayed behind. They are too old, they said, to make the journey, and they do not want to leave their house. Every evening, the family calls them. Every evening, they talk about the weather and the garden and nothing else.",
        ),
        tags=("children", "refugees", "human rights"),
    ),
    Story(
        kinds=("feature",),
        headlines=(
            "Ten days of leave and a wedding: love on a soldier's timetable",
            "They married at {n_small} days' notice, between two rotations",
            "A wedding dress bought online and a ring from a trench: a wartime love story",
        ),
        standfirsts=(
            "{resident2_name} proposed by video call from a dugout. {resident_name} said yes before the connection dropped.",
            "Registry offices report a rise in weddings arranged around soldiers' short leaves. One couple let us join them for the day.",
        ),
        ledes=(
            "The ring was made from a piece of brass by a soldier in {resident2_first}'s platoon who used to be a jeweller. The proposal was made by video, from a dugout, with artillery in the background. {resident_name} said yes, and then the connection dropped, and she spent an hour not knowing if he had heard.",
            "The registry office in {city} now opens on Sundays for soldiers on leave. On a grey morning this month, {resident_name} and {resident2_name} were the third couple of the day.",
        ),
        body=(
            "They met at a bus stop, three years ago, when it was raining and he had an umbrella and she did not. Six months later, he was mobilised. Since then, they have spent a total of {n2} days together.",
            'The wedding had {n} guests, a cake made by a neighbour and a playlist put together by his brother. Two of his comrades came in uniform. "I wanted them there," he said. "They are the reason I am alive to get married."',
            'Registry officials say weddings have become faster and smaller. "People don\'t wait for the perfect date anymore," said the registrar, {resident3_name}. "They wait for the leave."',
            'On the eleventh day, he went back. She drove him to the train. "We agreed not to cry at the station," she said. "We both failed."',
        ),
        tags=("mobilisation", "veterans"),
    ),
    Story(
        kinds=("feature",),
        headlines=(
            "The pet rescuers of {front_town}: saving the animals left behind",
            "Cats, dogs and a goat named Colonel: rescuing pets from the front line",
            "'People cry over the dogs when they can't cry over anything else'",
        ),
        standfirsts=(
            "When people flee, they often cannot take their animals. A small team of volunteers goes back for them.",
            "The team has rescued more than {n_big} animals from towns under fire. Some have found new homes abroad.",
        ),
        ledes=(
            "The van has no markings except a small paw print on the back door. Twice a week, {volunteer} drives it into {front_town}, with crates, bags of food and a list of addresses where animals have been left behind.",
            "When evacuation buses leave {front_town}, they usually do not take dogs. So the dogs stay, tied in yards or wandering the empty streets. {volunteer} and three friends started going back for them in the first winter of the war.",
        ),
        body=(
            "Owners leave keys with neighbours or send messages with photographs and descriptions: a grey cat under the bathtub, an old shepherd dog that is afraid of men. The team works through the list street by street, often while shells land nearby.",
            'Rescued animals are taken to a shelter in {city}, where vets check them and owners, when they can, come to collect them. Others are adopted, some by families in other countries. "We had a cat go to a family of doctors in the north," {volunteer_first} said. "She sends us photographs every month."',
            'The work is dangerous. In {month}, a drone struck a car just ahead of the van. Nobody was hurt, but the team took a week off. "Then we had messages from people asking about their animals," {volunteer_first} said. "So we went back."',
            '{resident_name}, who left {front_town} with her children last autumn, said she cried when she saw a photograph of her dog in the van. "People cry over the dogs when they can\'t cry over anything else," she said. "It is easier."',
        ),
        tags=("volunteers", "evacuation", "frontline"),
    ),
    Story(
        kinds=("interview",),
        headlines=(
            "'I write so that I don't forget': a poet from {front_town} on language and loss",
            "The poet who writes letters to a town that no longer exists",
        ),
        standfirsts=(
            "Her hometown was destroyed in the first year of the war. Her new collection is a map of it, street by street.",
            "A conversation about memory, grief and why poetry sells better in wartime.",
        ),
        ledes=(
            "{resident_name} grew up in {front_town}, in a house near the river with a walnut tree in the yard. The house is gone, the street is gone, and most of the town is rubble. Her new collection of poems, her third, is a walk through the town as it was. We spoke in a café in {city}, where she now lives.",
        ),
        body=("This interview has been condensed and edited.",),
        qa=(
            (
                "Why write about the town as it was, rather than as it is?",
                "Because as it is, it is on the news every day. As it was, it exists only in our heads, and heads are fragile. I wanted to put it somewhere safer. Paper is safer than memory.",
            ),
            (
                "Is it painful to write?",
                "Yes. It is also the only time I feel close to it. When I write the name of the bakery, I can smell it. That is a strange gift.",
            ),
            (
                "Your publisher says poetry is selling better than before the war.",
                "People need a language for things that don't fit into the news. Poetry is the oldest technology we have for that. It was built for grief.",
            ),
            (
                "Do you think you will go back?",
                "I think I will go back to a place with the same name. Whether it will be the same town, I don't know. Maybe the book is for whoever rebuilds it, so that they know what was there.",
            ),
        ),
        tags=("culture", "refugees"),
    ),
    Story(
        kinds=("feature",),
        headlines=(
            "How a beekeeper moved {n} hives across the country by night",
            "The bees that fled the front: a beekeeper starts again in {region}",
            "'The bees didn't choose this war either': honey, drones and a new start",
        ),
        standfirsts=(
            "When shelling reached his apiary, {resident2_name} loaded his hives onto a borrowed truck. Two years later, he is selling honey again.",
            "A story about bees, patience and the stubbornness it takes to begin again.",
        ),
        ledes=(
            "{resident2_name} moved his bees on a moonless night, because bees must be moved in the dark when they are all at home. He had {n} hives, a borrowed truck and a driver who had never seen a beehive before. They drove for nine hours, away from the front, with the lights off for the first part of the way.",
            "On a hillside near {village2}, far from the front, a row of painted hives stands among apple trees. Their owner, {resident2_name}, {age}, brought them here from his home near {front_town}, where his family had kept bees for three generations.",
        ),
        body=(
            'He lost about a third of the colonies in the first winter, when the stress of the move and the unfamiliar climate took their toll. "Bees are like people," he said. "They don\'t like being moved, and some of them don\'t survive it."',
            'A local farmer lent him the land in exchange for pollination of the orchard. The arrangement has turned into a friendship. "I didn\'t know anything about bees," the farmer said. "Now I know too much. He talks about them all the time."',
            "His honey, sold under the name of his old village, has found a following at markets in {city}. Customers from the east sometimes come just to buy a jar with the name of a place they can no longer visit.",
            'He does not know whether he will go back. His old apiary is now a field of craters. "The bees don\'t care about borders," he said. "They care about flowers. Here there are flowers."',
        ),
        tags=("agriculture", "refugees"),
    ),
)

CONTEXT = (
    "Behind every statistic about displacement is a household that had to decide, often in a single night, what to take and what to leave.",
    "Psychologists who work with families in {city} say the war has produced a particular kind of tiredness: not the exhaustion of one terrible day, but of a thousand ordinary days lived under threat.",
    "Volunteer networks, many started by people with no experience of aid work, have become a second social service, delivering food, medicine and company to people the state cannot reach.",
    "In many towns, the ordinary rituals of life have moved underground: birthday parties in basements, exams in shelters, church services in metro stations.",
    '{analyst} said people had found surprising ways to keep a sense of normality. "Routine is a form of resistance," {analyst_last} said. "People who keep their routines cope better."',
    "Stories like this one rarely make the news, which tends to count the dead and the damaged. They are, people here say, the real fabric of the war.",
)

QUOTES = (
    '"You learn that you can live with much less than you thought," said {resident_name}. "Less space, less light, less sleep. But not less people. You need people."',
    '"I used to plan years ahead," said {resident2_name}. "Now I plan Tuesday."',
    '"The war takes a lot, but it also shows you who your neighbours are," said {resident_name}. "I didn\'t know half of them before. Now I would trust them with my keys."',
    '"My children are growing up with air-raid apps on their phones," said {resident_name}. "They know which siren means what. I wish they knew nothing about it."',
)

HEADINGS = (
    "Before the war",
    "The night everything changed",
    "Starting again",
    "What stays",
    "Small rituals",
    "A new home",
)

PULL_QUOTES = (
    (
        "Bread is the last thing to go. When a village has no bread, it has nothing.",
        "{resident_name}",
    ),
    ("When I hear the cello, my breathing slows.", "{resident_name}, a nurse"),
    ("People cry over the dogs when they can't cry over anything else.", "{resident_name}"),
    ("I used to plan years ahead. Now I plan Tuesday.", "{resident2_name}"),
)

CLOSERS = (
    'When we left, {resident_first} was already planning the next morning. "Tomorrow," she said, "we start again."',
    "Outside, it had started to rain. Nobody moved to go inside.",
    "For now, {resident_first} said, the plan is simple: get through the week, then think about the next one.",
    '"Write that we are fine," {resident_first} said as we left. "Not good. Fine. It\'s different."',
)

DESK = Desk(
    slug="human-story",
    title="Human Story",
    introduction="People, not maps: the lives the war interrupted and the ways people carry on.",
    stories=STORIES,
    context=CONTEXT,
    quotes=QUOTES,
    headings=HEADINGS,
    pull_quotes=PULL_QUOTES,
    closers=CLOSERS,
    tags=("refugees", "children", "volunteers", "culture", "veterans"),
    analysts=("Talia Greer", "Halina Borov"),
)
