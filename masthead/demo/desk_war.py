"""War desk: the front line, strikes on cities, air defence, prisoners, the coast."""

# ruff: noqa: E501

from .stories import Desk, Story

STORIES = (
    Story(
        kinds=("news",),
        analysts=("Irena Vos", "Hugo Zabel"),
        officials=("Mira Osk", "Lukas Ferro", "Anton Sedlar"),
        headlines=(
            "Drones hit substation in {city}, cutting power to {n_k} homes",
            "Overnight drone raid leaves {city} without heating as temperatures fall",
            "{city} races to restore power after the heaviest drone attack in {n_small} weeks",
        ),
        standfirsts=(
            "Repair crews worked through the night after a swarm of attack drones struck a substation on the edge of the city. Hospitals switched to generators.",
            "The strike was the latest in a campaign against the grid that engineers say is designed to break the country before winter does.",
        ),
        ledes=(
            "A swarm of attack drones struck a high-voltage substation on the northern edge of {city} shortly after 3 a.m. on {weekday}, cutting electricity to about {n_k} households and forcing two hospitals onto backup generators, regional officials said.",
            "Residents of {city} woke on {weekday} to silent radiators and dark stairwells after {enemy_adj} drones hit the substation that feeds most of the city's eastern districts. By mid-morning, power had returned to some streets, but officials warned that full repairs would take days.",
        ),
        body=(
            "Air defence units shot down most of the {n} drones launched overnight, according to the air force, but at least {n_small} got through. One hit a transformer that engineers had replaced only in {month} after a previous attack.",
            '{official_name} said crews from Arvgrid, the state grid operator, had been on the site within forty minutes. "The people who fix these stations are as exposed as anyone on the front," {official_last} said. "They go in while the drones are still in the air."',
            'In the Riverside district, queues formed at the few cafés with generators as people came to charge phones and fill thermoses. {resident_name}, who lives on the ninth floor of a tower block, had brought a power bank and a deck of cards. "We have done this so many times that we have a routine," she said. "The children think it is a game. I let them."',
            "The city's water utility said pressure had dropped in the upper floors of tower blocks and asked residents to store water in baths and buckets. Schools in the affected districts switched to online lessons, although many pupils had no power to join them.",
            'Engineers have begun building concrete and earth shelters around the most important transformers, but {analyst}, said such protection could only do so much. "You can stop shrapnel with concrete. You cannot stop a direct hit with it," {analyst_last} said.',
        ),
        tags=("energy", "drones", "air defence", "infrastructure"),
    ),
    Story(
        kinds=("news", "analysis"),
        analysts=("Marek Stoll", "Nadia Holm"),
        officials=("Colonel Ruta Vane", "Jarek Halloran"),
        headlines=(
            "{enemy_adj} forces press towards {front_town} as defenders pull back from {village}",
            "Army confirms withdrawal from {village}, {km} km from {front_town}",
            "Why {village} fell, and what it means for {front_town}",
        ),
        standfirsts=(
            "The General Staff said troops had left the village to save lives after weeks of bombardment. Soldiers say the shortage of infantry is now the main problem.",
            "The loss of a small village on a hill gives the attackers a view of the roads into {front_town}, where {n_k} people still live.",
        ),
        ledes=(
            '{ADJ} troops have withdrawn from the village of {village}, about {km} kilometres east of {front_town}, after more than a month of fighting, the General Staff confirmed on {weekday}. {official} said the decision had been taken "to preserve the lives of our soldiers and better positions to the west".',
            "For six weeks, a few dozen soldiers held the ruins of {village} against assault after assault. On {weekday}, the army said they had been ordered out. The village, which had a school, a shop and about 400 residents before the war, no longer has a standing building.",
        ),
        body=(
            'Soldiers from {unit} who fought in the village described small groups of {enemy_adj} infantry, sometimes only two or three men, moving under the cover of fog and tree lines, while drones hunted anything on the roads behind them. "They do not attack like they used to, in columns," said a sergeant who gave his call sign as {call_sign}. "They seep in. Every night, a few more."',
            'The village sits on a low ridge. From it, an observer with binoculars can see the two main roads that supply {front_town}. {analyst}, said that the loss would make resupply more dangerous rather than impossible. "Logistics will move to night and to smaller vehicles. It is slower, it is more tiring, and it can be done," {analyst_last} said.',
            "Commanders have for months complained that units on this part of the front are short of infantry. Several officers said their companies were at less than half strength. The Assembly is debating changes to the mobilisation law, but any new soldiers will need months of training.",
            'In {front_town} itself, the sound of artillery has become constant. The town\'s last bakery closed in {month}. {local} estimated that {n_k} people remained, most of them elderly. "We bring bread, we bring medicine, and every week we ask them to leave," {local_last} said. "Every week, some say yes."',
            "Maps published by independent analysts suggest that {enemy_adj} forces have advanced roughly {n_small} kilometres on this axis since the start of the year, at a cost that {ADJ} officials describe as enormous. Neither side publishes its own losses.",
        ),
        tags=("frontline", "mobilisation"),
    ),
    Story(
        kinds=("news",),
        analysts=("Talia Greer", "Edvin Castell"),
        officials=("Anton Sedlar", "Gustav Pell", "Irma Tolan"),
        headlines=(
            "Last buses leave {front_town} as officials order families with children to go",
            "Mandatory evacuation ordered for children in {front_town} and {n_small} nearby villages",
            "'We waited too long': families queue for the last evacuation buses in {front_town}",
        ),
        standfirsts=(
            "The order covers about {n_big} children. Volunteers say many families are reluctant to leave their homes, and have nowhere to go.",
            "Regional authorities have made evacuation compulsory for families with children as shelling of the town intensifies.",
        ),
        ledes=(
            "Authorities in {region} have ordered the compulsory evacuation of families with children from {front_town} and {n_small} surrounding villages, saying the risk of staying is now too great. About {n_big} children are believed to remain in the area.",
            "The bus for {city} was due at nine. By half past eight, a line of families had formed outside the town hall in {front_town}, carrying suitcases, cat carriers and plastic bags of documents. Some had been told the previous evening that this would be one of the last evacuation runs.",
        ),
        body=(
            'Under the order, parents who refuse to leave can be visited by police and social workers, though officials say they prefer persuasion to force. "Nobody is going to drag anyone out of a house," said {local}. "But we are going to knock on every door, every day."',
            'Volunteers from {ngo} drive the smaller roads, picking up people the buses cannot reach. {volunteer}, who has driven the route for a year, said the hardest cases were elderly people living alone. "They say: I was born in this house and I will die in it. What do you answer to that?"',
            "Evacuees are taken first to a transit centre in {city}, where they are registered, fed and offered a place in temporary housing. Officials there say the centres are full and that rents in the city have risen by about {pct} percent since the spring.",
            '{resident_name}, a mother of two, left with a single suitcase. "My husband is staying to look after the house and his mother," she said, crying. "He says it is for a month. Everybody says it is for a month."',
            "The town's schools have been closed since the autumn, with lessons held online when the power allows. Teachers said that fewer than half of their pupils had still been logging on in recent weeks.",
        ),
        tags=("evacuation", "children", "refugees", "frontline"),
    ),
    Story(
        kinds=("news",),
        analysts=("Marek Stoll", "Nadia Holm"),
        officials=("Lukas Ferro", "Anton Sedlar"),
        headlines=(
            "Glide bombs strike central {front_town}, killing {n_small} and wounding {n}",
            "Bombs hit market and apartment block in {front_town} during morning rush",
            "{front_town} mourns after strike on its central market",
        ),
        standfirsts=(
            "Rescuers searched the rubble of a five-storey building into the night. Local officials say the town has been hit every day this month.",
            "The guided bombs, dropped from aircraft far behind the front, are almost impossible to intercept. The town has no answer to them, its mayor says.",
        ),
        ledes=(
            "At least {n_small} people were killed and {n} wounded when guided bombs struck the centre of {front_town} on {weekday} morning, hitting a covered market and an apartment block as people queued for bread, regional officials said.",
            "The first bomb landed just after 10 a.m., when the market in central {front_town} was at its busiest. The second, a few minutes later, hit the apartment block across the street as neighbours ran out to help.",
        ),
        body=(
            "Rescue workers from the State Emergency Service pulled {n_small2} people alive from the rubble of the block. The search continued after dark under floodlights, interrupted twice by air-raid alerts.",
            'The bombs are older free-fall munitions fitted with wings and satellite guidance and released from aircraft flying well out of range of most air defences. "Each one carries hundreds of kilos of explosive," said {analyst}. "Without aircraft that can reach the launch planes, the only defence is distance."',
            '{resident_name}, a stallholder who sold vegetables from her garden, had stepped away to fetch change. "I went to the kiosk for coins, and when I turned around there was no roof," she said. Her neighbour at the market, who sold honey, was among the dead.',
            '{local} called the strike a deliberate attack on civilians. "There is no military target in a vegetable market," {local_last} said. The town declared three days of mourning.',
            "Doctors at {hospital} said they had treated {n} people, {n_small} of them in a serious condition. Several patients were later transferred to {city} by ambulance, a journey that now takes twice as long because of damaged roads.",
        ),
        tags=("frontline", "human rights", "health"),
    ),
    Story(
        kinds=("news", "explainer"),
        analysts=("Hugo Zabel", "Nadia Holm"),
        officials=("Jarek Halloran", "Colonel Ruta Vane", "Ilse Marovan"),
        headlines=(
            "Air defence downs most of the {n} drones and {n_small} missiles fired overnight",
            "A night of sirens: {n} drones and cruise missiles aimed at {n_small} regions",
            "How mobile fire teams are changing the war against night drones",
        ),
        standfirsts=(
            "The air force said that most targets were shot down, but debris fell on homes in {city} and {city2}. Engineers are assessing damage to rail infrastructure.",
            "Machine guns on pickup trucks, searchlights and volunteers with tablets have become the country's last line of defence against cheap attack drones.",
        ),
        ledes=(
            "{enemy} launched {n} attack drones and {n_small} cruise missiles at {country} overnight into {weekday}, the air force said, in an attack that set off sirens in almost every region and damaged a railway depot near {city}.",
            "The trucks leave their base at dusk. Each carries a heavy machine gun, a thermal camera, a searchlight and a tablet that shows incoming drones as small red triangles. By dawn, the crews will have driven more than a hundred kilometres across {region}.",
        ),
        body=(
            "Falling debris damaged {n_small2} houses in a suburb of {city2}, injuring {n_small} people, including a child. Firefighters put out a blaze at a warehouse; the owner said it stored furniture.",
            'The mobile fire teams are mostly made up of men over the usual age of mobilisation: former truck drivers, farmers, a retired music teacher. "The drone is slow and loud. You have maybe ninety seconds from hearing it to when it passes," said one gunner, {resident2_name}. "You learn to listen the way you used to listen for rain."',
            'Military officials say the expensive interceptor missiles provided by foreign partners must be saved for ballistic and cruise missiles, leaving the slow, cheap drones to guns, electronic warfare and interceptor drones built by {ADJ} start-ups. {analyst} called it "an economic war fought in the sky: they try to make us spend a million to stop ten thousand".',
            "Rail officials said trains on the line through {city} were running with delays of up to {hours} hours while engineers inspected the tracks. Passengers on the overnight service from {capital} spent part of the night in a stationary train with the lights off, as required during alerts.",
            'The attack came days after {official_name} asked partners at a defence conference for more air-defence systems. "Every system we receive is a city that sleeps," {official_last} said.',
        ),
        tags=("air defence", "drones", "infrastructure"),
    ),
    Story(
        kinds=("news",),
        analysts=("Edvin Castell", "Cyril Nyman"),
        officials=("Irma Tolan",),
        headlines=(
            "{n_big} prisoners of war come home in the largest exchange this year",
            "'I didn't know if anyone was waiting': freed prisoners return from {enemy_adj} captivity",
            "Prisoner swap brings home defenders of {front_town}",
        ),
        standfirsts=(
            "Many of the men had been held for more than a year. Several described beatings and hunger, accounts the ombudsman says match earlier testimony.",
            "Relatives waited with photographs at the border crossing. Not all of them found the faces they were looking for.",
        ),
        ledes=(
            "{country} and {enemy} exchanged {n_big} prisoners of war each on {weekday}, in a swap mediated by a neutral third country, officials from both sides said. Among those returned were soldiers captured during the defence of {front_town} and {n_small} civilians.",
            "They came off the buses thin, shaven-headed, wrapped in national flags that volunteers pressed into their hands. Some walked straight into the arms of waiting relatives. Others stood still, looking at the crowd, as if unsure whether it was real.",
        ),
        body=(
            '{official} said the returning men would undergo medical checks and psychological support before being reunited with their families. "Many of them have lost twenty or thirty kilos," {official_last} said. "Some have not seen daylight for months."',
            'Outside the hospital where the men were taken, {resident_name} held a photograph of her son, who has been missing since the autumn. He was not on the list. "I come every time," she said. "One day, he will be on the bus."',
            "Several of the freed men described conditions in the camps where they were held: overcrowded cells, little food and regular beatings during inspections. The Meridian Ledger could not independently verify these accounts, but they are consistent with reports gathered by the ombudsman's office over the past year.",
            "A coordination office for prisoners of war estimates that thousands of {ADJ} soldiers and civilians remain in {enemy_adj} custody. Families have formed associations that meet weekly in {capital} and lobby foreign embassies.",
        ),
        tags=("human rights", "veterans", "diplomacy"),
    ),
    Story(
        kinds=("field_report", "news"),
        analysts=("Marek Stoll", "Nadia Holm", "Cyril Nyman"),
        officials=("Colonel Ruta Vane", "Sona Veit"),
        headlines=(
            "Holding the bridgehead: marines dig in on the far bank of the {river}",
            "Across the {river}, a foothold measured in metres",
            "Boats at night and drones by day: the fight for the {river} crossing",
        ),
        standfirsts=(
            "Every supply run across the river is a gamble. The marines who hold the far bank say they have learned to live underground.",
            "A small {ADJ} bridgehead on the eastern bank has survived months of attacks. It has also cost more than anyone will say.",
        ),
        ledes=(
            "The boat leaves after midnight with its engine muffled and its passengers lying flat. The crossing of the {river} takes four minutes. On the far bank, a handful of marines from the 9th Marine Brigade hold a strip of ruined dachas and trenches that {ADJ} commanders call the bridgehead.",
            "Nobody on the eastern bank of the {river} walks upright in daylight. The marines who hold this small foothold move through trenches and tunnels dug between the foundations of holiday cottages that were destroyed long ago.",
        ),
        body=(
            '"The river is the problem and the river is the protection," said a lieutenant with the call sign {call_sign}. "They cannot bring armour across to us. We cannot bring much across to them. So it becomes a fight of drones and patience."',
            "Supplies come by boat, by drone and sometimes by a rope pulley across a narrow channel. Water is the heaviest load. In summer, the men ration it; in winter, they melt snow.",
            "The bridgehead's value is debated even within the army. Supporters say it ties down thousands of {enemy_adj} troops and keeps artillery away from the cities on the western bank. Critics, including some soldiers who have served there, question whether it is worth the losses.",
            '{analyst} said that bridgeheads were often more important politically than militarily. "It is the only place on this front where we are on the other side," {analyst_last} said. "That matters for morale, and it matters for any future negotiation."',
        ),
        tags=("frontline", "drones"),
    ),
    Story(
        kinds=("news", "investigation"),
        analysts=("Bram Oberin", "Piotr Lenz"),
        officials=("Oren Baltz", "Tomas Verek"),
        headlines=(
            "Missile strike on {port} damages grain terminal and two ships",
            "{port} port hit again as attacks on shipping resume",
            "Behind the strikes on {port}: how the coast became a target",
        ),
        standfirsts=(
            "Dock workers were among the injured. Insurers say the attacks could push up the cost of shipping grain from the Kestrel Coast.",
            "The port handles a large share of the country's grain exports. Each strike raises the price of moving it.",
        ),
        ledes=(
            "A missile strike on the port of {port} late on {prev_weekday} damaged a grain terminal and two cargo ships at berth, injuring {n_small} dock workers, the regional military administration said.",
            "The cranes at {port} were lit up when the missiles came in. Within minutes, a silo of the grain terminal was burning, and the crew of a bulk carrier moored alongside was scrambling to move the ship away from the quay.",
        ),
        body=(
            "The ships, one flying a foreign flag, were loading corn and sunflower oil for export. Their crews were unhurt, the harbour master said, although one ship suffered damage to its superstructure.",
            '{analyst} said the number of ship calls at {port} had fallen by about {pct} percent in the weeks after the previous attack before recovering. "Shipowners are pragmatic. They come back when the insurance makes sense," {analyst_last} said.',
            'Dock workers at the terminal said they had grown used to working through alerts. "If we went to the shelter every time, nothing would ever be loaded," said {resident_name}, a crane operator. "We go when the threat is to the port itself."',
            "Grain exports are one of the country's main sources of foreign currency. The agriculture ministry estimates that farmers on the coast have already lost {pct2} percent of their income to higher freight and insurance costs.",
        ),
        tags=("shipping", "agriculture", "economy"),
    ),
    Story(
        kinds=("explainer",),
        analysts=("Nadia Holm", "Cyril Nyman", "Marek Stoll"),
        officials=("Ilse Marovan", "Jarek Halloran", "Sona Veit"),
        headlines=(
            "What {enemy}'s 'buffer zone' plan means for the border towns",
            "Explained: the fight for the roads around {front_town}",
            "Explained: what a 'buffer zone' would mean for {front_town}",
        ),
        standfirsts=(
            "The phrase is new; the strategy behind it is not. Here is what we know, and what we do not.",
            "A short guide to what is happening, why it matters, and what could happen next.",
        ),
        ledes=(
            'Over the past month, {enemy_adj} officials have begun to speak of a "buffer zone" along the border, a belt of territory that they say would protect their own towns from {ADJ} drones and artillery. {ADJ} officials say the plan is a pretext for a new offensive.',
            "Almost every conversation about the front line in {region} comes back to the roads: who controls them, who can see them, who can hit them. This explainer sets out why the roads around {front_town} matter so much.",
        ),
        body=(
            "In practical terms, a buffer zone {km} kilometres deep would put {front_town2}, {front_town} and dozens of villages within it. Tens of thousands of people live there, although many have already left.",
            'Military analysts say the plan matches what they already see on the ground: steady pressure on several points at once, designed to stretch {ADJ} reserves. "It is not a new idea," said {analyst}. "It is a new name for an old idea."',
            "The terrain favours the defender in some places and the attacker in others. In the north, forests and rivers slow any advance. In the south, open steppe means that whoever controls the drones over the fields controls the fields.",
            "Officials in {capital} insist that no decisions about territory will be taken without the people who live there. Polling by Civic Pulse suggests that a large majority of {ADJ}s oppose giving up land in exchange for a ceasefire.",
        ),
        tags=("frontline", "diplomacy"),
    ),
)

CONTEXT = (
    "The war began when {enemy_adj} troops crossed the eastern border in the early hours of a winter morning. Since then, the front line has moved back and forth across {region}, leaving a belt of destroyed villages up to 30 kilometres deep.",
    "Attacks on the power grid have become a feature of every cold season. Engineers say that almost every large thermal power plant in the country has been damaged at least once.",
    "Drones now dominate the battlefield. Soldiers estimate that most of their casualties are caused by small explosive drones rather than artillery, and the army has set up a separate branch to build and fly them.",
    "The General Staff publishes daily reports on the number of attacks along each part of the front. On {weekday}, it reported {n} clashes, most of them around {front_town} and {front_town2}.",
    "International monitors have documented hundreds of attacks on civilian infrastructure, including hospitals, schools and water stations. {enemy_adj} officials deny targeting civilians.",
    "{country} relies on foreign partners for most of its long-range air defence and artillery ammunition, and delays in deliveries have repeatedly been felt at the front within weeks.",
    "The front line runs for more than a thousand kilometres, from the forests of the north to the salt marshes of the Kestrel Coast. Most of the heaviest fighting has been concentrated in a few dozen kilometres around a handful of towns.",
    "Local authorities in front-line districts have been replaced by military administrations, which can order evacuations, impose curfews and restrict access to journalists.",
    '{analyst} said the pattern of attacks suggested {enemy_adj} commanders were probing for weak points rather than preparing a single large offensive. "They are looking for the place where the line bends," {analyst_last} said.',
    "Soldiers rotate out of the front line less often than commanders would like. Men from {unit} said they had spent {n} days in their positions before being relieved.",
)

QUOTES = (
    '"We don\'t talk about the future here. We talk about tonight," said {resident_name}, who has stayed in {front_town} with her elderly mother. "Tonight we have water, candles and a basement. That is the plan."',
    '"Every day we lose people we cannot replace," said a company commander with the call sign {call_sign2}. "Equipment can be sent. Experience cannot."',
    '{official_name} said in a televised address that {country} would "answer every strike with steadiness, not panic", and called on partners to speed up deliveries of air-defence missiles.',
    '"The drones are always there. You hear them even when they are not there," said a medic with {unit} who asked to be identified by his first name, {resident2_first}. "After a while, you stop knowing which ones are real."',
    '"My husband built this house with his hands," said {resident_name}, {old_age}, standing in a garden full of shrapnel holes in {village}. "I am not going to leave it to the drones."',
    '{local} said that the town still had a working water supply, two shops and a pharmacy open for a few hours a day. "People ask me why anyone stays," {local_last} said. "I ask them where they would go."',
    '"The enemy learns fast, and so do we," said {analyst_name}. "Whatever works this month will not work in three months. The side that adapts quicker wins the season."',
)

HEADINGS = (
    "What happened overnight",
    "The view from the trenches",
    "A pattern of strikes",
    "Counting the cost",
    "What comes next",
    "Why the timing matters",
    "Life under the drones",
    "What the army says",
    "The question of reserves",
)

PULL_QUOTES = (
    (
        "They do not attack like they used to, in columns. They seep in. Every night, a few more.",
        "A sergeant on the {front_town} front",
    ),
    (
        "We don't talk about the future here. We talk about tonight.",
        "{resident_name}, a resident of {front_town}",
    ),
    ("Every system we receive is a city that sleeps.", "{official_name}"),
    (
        "You can stop shrapnel with concrete. You cannot stop a direct hit with it.",
        "{analyst_name}",
    ),
    ("Whatever works this month will not work in three months.", "{analyst_name}"),
)

CLOSERS = (
    "As night fell on {front_town}, the artillery started again. In the basement of the school, someone had put a kettle on a camping stove.",
    "The army said fighting around {front_town} was continuing. Another evacuation bus is due on {weekday}.",
    "Engineers expect to finish repairs within a week, barring new attacks. Few people in {city} are counting on that.",
    "By evening, the sirens had gone quiet again. Nobody in {city} expected the quiet to last.",
    'Asked what would happen next, the lieutenant shrugged. "Next is tonight," he said.',
)

DESK = Desk(
    slug="war",
    title="War",
    introduction="Reporting from the front line and the cities under fire: strikes, evacuations, air defence and the soldiers who hold the line.",
    stories=STORIES,
    context=CONTEXT,
    quotes=QUOTES,
    headings=HEADINGS,
    pull_quotes=PULL_QUOTES,
    closers=CLOSERS,
    tags=("frontline", "drones", "air defence", "evacuation", "mobilisation", "energy"),
    analysts=("Nadia Holm", "Marek Stoll", "Hugo Zabel", "Cyril Nyman"),
)
