"""Field Report desk: first-hand reporting from places readers cannot go."""

# ruff: noqa: E501

from .stories import Desk, Story

STORIES = (
    Story(
        kinds=("field_report",),
        headlines=(
            "A night with the drone hunters of {unit}",
            "Screens, static and silence: inside a drone crew's dugout near {front_town}",
            "'The sky is a chessboard': eight hours with a drone unit on the {front_town} front",
        ),
        standfirsts=(
            "The pilots work in shifts in a basement lit by monitors. Their war is fought through goggles, a few kilometres from the enemy.",
            "Our correspondent spent a night with a drone crew defending the approaches to {front_town}.",
        ),
        ledes=(
            "The basement smells of damp concrete and instant coffee. Four monitors glow on a table made of an old door. In front of them, a pilot with the call sign {call_sign} wears goggles and holds a controller as if it were something alive. On the screen, a grey field slides past at sixty kilometres an hour.",
            "We arrived at the position after dark, the car's lights off for the last {km} kilometres. The crew lives and works in the cellar of a house whose upper floors are gone. From here, they fly drones over the fields east of {front_town}, hunting for movement.",
        ),
        body=(
            "There are five of them: two pilots, an engineer, a navigator who watches the feed from a reconnaissance drone, and a commander who decides what to strike. Before the war, they were a programmer, a lorry driver, a student of architecture, a farmer and a PE teacher.",
            'Most of the night is waiting. The navigator scans the thermal image for the white shapes of people or engines. When something appears, the room goes quiet. "The sky is a chessboard," the commander said. "Both sides can see almost everything. You win by seeing first and moving second."',
            'Electronic warfare is constant. Twice during the night, the video from a drone dissolved into static and did not come back. The engineer, who calls himself {call_sign2}, shrugged and began assembling another from parts laid out on a shelf. "We lose more to the radio than to their guns," he said.',
            "At about 3 a.m., the crew spotted a group of enemy soldiers moving along a tree line. The pilot flew out. On the screen, the tree line grew larger. Then the screen went black. The commander wrote something in a notebook. Nobody spoke for a minute.",
            "Dawn is the most dangerous time, when enemy drones hunt for the crews' positions. Before first light, we left in a different car by a different road. Behind us, the crew was already checking the batteries for the next night.",
        ),
        tags=("drones", "frontline", "technology"),
    ),
    Story(
        kinds=("field_report",),
        headlines=(
            "Twenty minutes to save a life: inside a stabilisation point near {front_town}",
            "The golden hour, underground: front-line medics at work",
            "Where the wounded come first: a night at a field hospital",
        ),
        standfirsts=(
            "The wounded arrive by armoured ambulance, sometimes every few minutes. The medics' job is to keep them alive until the hospital.",
            "Military medics say the biggest change in the war is the distance: drones make it harder to reach the wounded, so the wounded wait longer.",
        ),
        ledes=(
            'The stabilisation point is a former village clinic with sandbags over the windows and a red cross painted over by a green tarpaulin. Inside, under bright lights, {doctor} and three medics wait beside two stretchers. The radio crackles. "Two heavy, one light," a voice says. "Ten minutes."',
            "For medics on the {front_town} front, the war is measured in minutes: how long until a wounded soldier can be reached, how long until he can be stabilised, how long until an ambulance can get him to a surgeon in {city}.",
        ),
        body=(
            'The first patient has a shrapnel wound to the leg and a tourniquet that was applied in the trench {hours} hours earlier. The medics work quickly, cutting away the uniform, checking the pulse in the foot, talking to him constantly. "What\'s your name? Where are you from? Stay with me," one says.',
            "A few years ago, doctors said, most wounded soldiers could be evacuated within an hour. Now, with drones watching the roads, evacuation often has to wait for dark. Soldiers are being taught to keep each other alive for longer, with tourniquets, chest seals and painkillers.",
            '{doctor_last} was an anaesthetist in {city2} before the war. "In my old hospital, a case like this would have a team of eight," {doctor_last} said. "Here we have four, a generator and a lot of practice."',
            "Between arrivals, the medics clean, restock and try to sleep on camping mats in the corridor. Someone has hung children's drawings on the walls, sent by a school in {city3}. One shows a medic with wings.",
            "By morning, the team had treated {n} soldiers. Two were flown onward by helicopter; the rest went by ambulance. One did not survive the journey. The medics did not talk about him. They started cleaning the floor.",
        ),
        tags=("health", "frontline"),
    ),
    Story(
        kinds=("field_report", "feature"),
        headlines=(
            "On the slow train west: a night with people leaving the east",
            "Carriage nine: the evacuation train from {city} to {city2}",
            "Suitcases, cat carriers and silence: the overnight evacuation train",
        ),
        standfirsts=(
            "The free evacuation train runs every night from the east. Its passengers carry what they could fit in a bag and the stories of why they waited so long.",
            "We rode the evacuation train and talked to the people on it.",
        ),
        ledes=(
            "The train leaves {city} at 9:40 p.m., with its windows blacked out. In carriage nine, a woman with a cat in a plastic carrier is trying to calm the cat. Across the aisle, an old man sits with a suitcase on his knees, holding it with both arms as if someone might take it.",
            "The evacuation train from the east runs every night, free of charge, to {city2}. The carriages are old and the heating works only in some of them. Nobody complains. Most of the passengers have been waiting weeks to make up their minds to board it.",
        ),
        body=(
            'Volunteers from {ngo} walk through the train with tea and sandwiches. One of them, {volunteer}, has done the trip more than {n} times. "The first hour, nobody talks," {volunteer_first} said. "Then, around midnight, everyone starts telling their story."',
            '{resident_name}, {old_age}, left {front_town} after a shell hit her neighbour\'s house. She has never lived anywhere else. "I packed my late husband\'s photographs, my medicines and a pot," she said. "The pot was a mistake. It is heavy. But I didn\'t know what else to bring."',
            '{resident2_name}, a miner, is travelling with his wife and two teenage daughters. He stayed as long as the mine was working. When the mine closed, there was no reason left. "We are not refugees," his daughter said firmly. "We are moving."',
            "At dawn, the train pulls into {city2}. On the platform, volunteers hold signs for transit centres and shelters. A woman in a yellow vest calls out names. The old man with the suitcase stands up, still holding it, and waits for someone to tell him where to go.",
        ),
        tags=("evacuation", "refugees", "volunteers"),
    ),
    Story(
        kinds=("field_report",),
        headlines=(
            "One metre at a time: clearing mines from the fields of {region}",
            "The sappers who give farmland back",
            "Under the sunflowers, mines: the slow work of demining",
        ),
        standfirsts=(
            "Large parts of the country's farmland are contaminated with mines and unexploded shells. Clearing it will take decades at the current pace.",
            "We spent a day with a demining team outside {village}.",
        ),
        ledes=(
            "The field outside {village} looks like any other in spring: rich black earth, a line of poplars at the edge, a hawk circling. But it is marked with red signs on wooden stakes, and nobody has farmed it for two years. On {weekday}, a team of {n_small} sappers began to clear it, one metre at a time.",
            "A mine detector makes a sound like a nervous bird. In the field near {village}, where a team from the State Emergency Service is working, it chirps every few minutes. Most of the time, the cause is a piece of shrapnel. Sometimes it is not.",
        ),
        body=(
            'The team leader, {resident2_name}, has been clearing mines for eleven years. He walks the lanes his team has marked with tape and explains the rules: never step outside the lane, never hurry, never assume. "The mine doesn\'t know you are tired," he said.',
            "The government estimates that a large share of the country's territory needs to be surveyed for explosives. Much of it is farmland. Farmers who cannot wait sometimes clear fields themselves, with tragic results: several tractor drivers have been killed this year in {region} alone.",
            "New technology helps. Drones with thermal cameras can spot some mines on the surface, and armoured machines can clear large areas quickly. But the last step, confirming that a field is safe, is still done by people on foot.",
            'The owner of the field, {resident3_name}, watched from the road. {resident3_first} has a loan to pay and seed waiting in a barn. "I just want to plant," {resident3_first} said. "My father planted here. His father planted here. I want to plant here."',
        ),
        tags=("agriculture", "reconstruction"),
    ),
    Story(
        kinds=("field_report",),
        headlines=(
            "Up the pylon, under the drones: the crews who keep the power on",
            "Linemen on the front: repairing the grid near {front_town}",
            "'We fix it, they break it, we fix it again'",
        ),
        standfirsts=(
            "The repair crews of the grid company are civilians who work within range of enemy artillery. Several have been killed this year.",
            "We spent a day with a crew restoring power to villages near the front.",
        ),
        ledes=(
            "The crew's truck stops at the edge of a field where a high-voltage line lies in the mud like a snapped string. Six men climb out. Two of them scan the sky; the others start unloading cable. They have, by their own estimate, {hours} hours before someone on the other side notices them.",
            "At the Arvgrid depot in {city}, a board lists the crews and their jobs for the day. Next to several of the villages, someone has written a small number: the distance, in kilometres, to the front.",
        ),
        body=(
            'The crew\'s foreman, {resident2_name}, has worked on power lines for 24 years. He has been shelled more times than he can remember. "We fix it, they break it, we fix it again," he said. "It is not heroism. It is a job that nobody else can do."',
            "Each repair follows the same routine: check the area for mines, confirm the line is dead, climb, cut, splice, test. On a good day, a crew can restore power to a village in six hours. On a bad day, they have to leave and come back.",
            "Arvgrid says {n} of its workers have been killed since the start of the war. The company gives crews body armour and helmets, and some trucks now carry electronic jammers. The men say the jammers help, sometimes.",
            'When the power comes back in a village, people come out to thank them. An old woman brought a jar of pickled tomatoes. "This is why," the foreman said, holding up the jar. "Not the salary. This."',
        ),
        tags=("energy", "infrastructure", "frontline"),
    ),
    Story(
        kinds=("field_report",),
        headlines=(
            "Winter in the trenches near {front_town}: mud, cold and waiting",
            "The longest nights: what winter means for soldiers on the front",
            "A trench diary from the {front_town} front",
        ),
        standfirsts=(
            "Soldiers say the cold is an enemy that never takes a break. We spent two days in positions near {front_town}.",
            "In winter, the war slows but does not stop. The soldiers who hold the line describe the particular misery of the season.",
        ),
        ledes=(
            'The trench is knee-deep in mud that has frozen on top and stayed liquid underneath. The soldiers of {unit} have laid pallets along the bottom, but the pallets sink. "Everything sinks," said a soldier with the call sign {call_sign}. "Boots, pallets, morale. You dig it all out every morning."',
            "In the dugout, a small stove made from a gas cylinder keeps the temperature just above freezing. Four men sleep in shifts on bunks made of planks. The fifth watches the screen of a small drone that hovers above the position like a restless bird.",
        ),
        body=(
            "The smoke from a stove can give away a position to a thermal camera, so the soldiers only light it at certain times. The rest of the day, they wear everything they own. One wears three pairs of socks, two inside plastic bags.",
            'Volunteer groups send heat packs, thermal underwear and, most prized of all, dry socks. A parcel from a school in {city} included a note from a child: "Please be warm." The soldier who received it keeps it in his helmet.',
            'Winter changes the fighting. Leaves fall, and tree lines that hid movement become transparent. Fog helps the attacker; frost makes the ground passable for vehicles again. "Each season has its own tactics," said the company commander. "Winter is the season of patience."',
            "On the second night, the position came under mortar fire for about an hour. Nobody was hurt. Afterwards, the men made tea and talked about food: what they would eat first when they went home. The answers were all the same: their mother's soup.",
        ),
        tags=("frontline", "mobilisation", "volunteers"),
    ),
    Story(
        kinds=("field_report", "feature"),
        headlines=(
            "A town between two sirens: one day in {front_town}",
            "Life {km} kilometres from the front: a day in {front_town}",
            "In {front_town}, the market still opens at seven",
        ),
        standfirsts=(
            "{front_town} is shelled almost every day. Its remaining residents have built a life around the rhythm of the attacks.",
            "From dawn to curfew, we followed the people who keep a front-line town running.",
        ),
        ledes=(
            'At seven in the morning, the market in {front_town} opens. There are {n} stalls now, down from more than two hundred before the war. A woman sells potatoes from a car boot; a man sells batteries, torches and tinned fish. Above them, someone has strung a banner that reads: "We are still here."',
            'The first siren of the day in {front_town} came at 6:14 a.m. Nobody in the queue at the water point moved. "If we went to the shelter for every siren, we would live there," said {resident_name}, filling a plastic canister.',
        ),
        body=(
            "The town's water supply was cut by shelling in the spring, so water comes by truck. A volunteer with {ngo} fills the tanks at three points in the centre. People come with canisters, buckets, prams loaded with bottles.",
            'At the town hall, which now operates from a basement, {local_name} holds a meeting at nine. The agenda: a damaged roof at the hospital, a request for firewood, a list of residents who need insulin. "We are a town council that runs a war zone," {local_last} said. "Nobody trained us for this."',
            "In the afternoon, the shelling picked up. We sheltered in the basement of a block of flats with a dozen residents. Someone had a guitar. Someone had a thermos. A boy of about ten played a game on his phone, unbothered, while the walls shook.",
            "Curfew begins at six in the evening. By half past five, the streets are empty except for stray dogs and a police car. In the windows, a few lights flicker: candles, torches, a generator somewhere. The town goes quiet, and waits for the night.",
        ),
        tags=("frontline", "volunteers", "infrastructure"),
    ),
)

CONTEXT = (
    "Journalists working near the front must be accredited by the army and are usually accompanied by a press officer. Some details of positions and units have been left out of this report at the army's request.",
    "The area we visited is within range of {enemy_adj} artillery and drones. Conditions change quickly, and some of the places described here may have been hit since our visit.",
    "Names of soldiers are given as call signs, in line with army rules and at the soldiers' request.",
    'Our correspondent travelled with a photographer and a local producer, wearing body armour and helmets marked "Press".',
    "The road to {front_town} is lined with burnt vehicles and signs warning of mines. Drivers speed along it, weaving around craters, and do not stop.",
    "Checkpoints on the way in are staffed by territorial defence volunteers, many of them local men in their fifties who know every pothole and every family along the road.",
    "Fuel is the currency of the front. Generators, stoves, vehicles and boats all run on it, and every litre has to be brought in by someone willing to drive.",
    "Signal is patchy. Soldiers and residents rely on satellite terminals, which are switched off whenever drones are overhead for fear of giving away a position.",
    "In the last village before the front, a shop still sells cigarettes, tinned fish and energy drinks, and the owner keeps a notebook of soldiers' debts that she says she will never collect.",
    "The army's press service approved this visit two days in advance, then changed the route twice because of shelling on the main road.",
    "Many of the people we met asked the same question at the end of the conversation: will anyone outside the country read this?",
)

QUOTES = (
    '"Write what you see, not what you feel," a press officer told us on the way in. "Everyone here feels too much already."',
    '"You want to know what the war is? It is waiting, then ten minutes of hell, then waiting," said a soldier with the call sign {call_sign2}.',
    '"We have a saying: the one who moves is the one who dies," said {resident2_name}. "So we move only when we must."',
    '"People ask if we are afraid," said {volunteer}. "Of course. You go anyway. Fear is just information."',
    '"My daughter asks me on the phone what I do all day. I tell her I dig," said a soldier who gave his call sign as {call_sign}. "It\'s true. Mostly we dig."',
    '"The first month you count the explosions. After that you count the quiet," said {resident_name}, who runs a shelter for elderly residents.',
    '"We are not brave. We are used to it. That is different, and worse," said {resident2_name}, a driver who brings water to the town twice a week.',
    '"If you want to help, send batteries," said a sergeant with the call sign {call_sign2}. "Not letters. Well, letters too. But batteries."',
)

HEADINGS = (
    "Getting there",
    "The night shift",
    "Morning",
    "Under fire",
    "The way out",
    "What they need",
)

PULL_QUOTES = (
    (
        "The sky is a chessboard. You win by seeing first and moving second.",
        "A drone crew commander",
    ),
    ("The mine doesn't know you are tired.", "{resident2_name}, a sapper"),
    ("We fix it, they break it, we fix it again.", "{resident2_name}, a foreman at Arvgrid"),
    ("Fear is just information.", "{volunteer}, a volunteer driver"),
)

CLOSERS = (
    "On the way out, we passed a checkpoint where a soldier was feeding a stray cat. He waved us through without looking up.",
    "By the time we reached {city}, the crew had sent a message: all quiet, for now.",
    "We left before dawn. Behind us, the first drones of the day were already in the air.",
)

DESK = Desk(
    slug="field-report",
    title="Field Report",
    introduction="First-hand reporting from the places our readers cannot go: trenches, hospitals, trains, fields.",
    stories=STORIES,
    context=CONTEXT,
    quotes=QUOTES,
    headings=HEADINGS,
    pull_quotes=PULL_QUOTES,
    closers=CLOSERS,
    tags=("frontline", "volunteers", "drones", "evacuation"),
    analysts=("Nadia Holm", "Marek Stoll", "Hugo Zabel"),
)
