"""Analysis desk: what the news means, with numbers and people who study them."""

# ruff: noqa: E501

from .stories import Desk, Story

STORIES = (
    Story(
        kinds=("analysis",),
        analysts=("Yana Rendel", "Marek Stoll", "Talia Greer"),
        officials=("Sona Veit", "Jarek Halloran"),
        headlines=(
            "The mobilisation dilemma: why {country} struggles to fill the trenches",
            "A law, a lottery and a lot of anger: the politics of calling up soldiers",
            "Who fights, and for how long? The debate the Assembly cannot finish",
        ),
        standfirsts=(
            "Commanders want more infantry; families want rotation and a date for demobilisation. The government has spent months trying to give both without giving either.",
            "The draft law on mobilisation has been amended more than {n_big} times. Its troubles say a lot about a society at war.",
        ),
        ledes=(
            "For almost a year, the Assembly in {capital} has argued over a law that nobody wants to own. The bill on mobilisation would lower the age at which men can be called up, tighten the rules for those who avoid service and, its supporters say, finally set a limit on how long soldiers must serve.",
            "Ask a battalion commander what he needs most and the answer is almost always the same: people. Ask the families of the men already serving, and the answer is the mirror image: rest. Between those two demands sits the mobilisation law, stuck in parliament since the spring.",
        ),
        body=(
            "The numbers are stark. Commanders interviewed by The Meridian Ledger said their infantry companies were operating at between a third and a half of their nominal strength. Men who were mobilised in the first months of the war have, in many cases, not had more than a few weeks of leave since.",
            'Politicians are wary. {analyst} said that mobilisation was the one subject on which the governing party\'s ratings fell every time it was discussed. "Everyone agrees that the army needs people. Nobody agrees whose people," {analyst_last} said.',
            "Part of the problem is trust. Stories of recruitment officers stopping men in the street and delivering them to training centres within hours have circulated widely, some true, some exaggerated. The defence ministry says it has disciplined officers who broke the rules and introduced body cameras in several regions.",
            "The most contentious provision would allow soldiers who have served {n2} months to be demobilised, but only if replacements are available. Critics say that makes the promise meaningless. Supporters say it is the most honest version of the promise anyone can make.",
            'Other countries that fought long wars faced the same arithmetic, {analyst2} noted. "The solution was never a single law. It was a mix of pay, recognition, rotation and trust, built slowly," {analyst2_last} said.',
        ),
        tags=("mobilisation", "elections", "veterans"),
    ),
    Story(
        kinds=("analysis",),
        analysts=("Piotr Lenz", "Cyril Nyman"),
        officials=("Tomas Verek", "Pavel Ruden"),
        headlines=(
            "Are sanctions working? What the {enemy_adj} budget tells us",
            "The slow squeeze: how sanctions are reshaping {enemy}'s economy",
            "Oil, chips and shadow fleets: the leaks in the sanctions wall",
        ),
        standfirsts=(
            "The {enemy_adj} economy has not collapsed, as some predicted. But the costs of the war are showing up in inflation, interest rates and a budget that no longer adds up.",
            "Sanctions were meant to starve the war machine. Instead, they have made it more expensive to run. That may turn out to be enough.",
        ),
        ledes=(
            "When sanctions were first imposed on {enemy}, some officials in partner capitals predicted its economy would shrink by a fifth. It did not. Two years on, growth has slowed but not stopped, and the shops in {enemy_adj} cities are still full. Yet a closer look at the budget suggests the picture is changing.",
            "The clearest measure of how sanctions are working may not be in trade statistics but in the interest rate. {enemy}'s central bank has raised its key rate to levels not seen in decades, a sign that it is struggling to contain the inflation driven by war spending.",
        ),
        body=(
            "Military spending now makes up close to a third of the {enemy_adj} federal budget, according to estimates by independent economists. That spending keeps factories running and wages rising in some regions, but it produces tanks and shells rather than goods people can buy.",
            '{analyst} said the most effective measures had been the least visible: restrictions on advanced components and pressure on banks in third countries that processed payments. "The headline sanctions on oil get the attention," {analyst_last} said. "The quiet ones on microchips and payments are the ones that bite."',
            "There are leaks. A fleet of ageing tankers with opaque ownership continues to carry oil around the price cap, and components still reach {enemy_adj} factories through intermediaries. Investigators have found Western-made chips in drones that struck {city} as recently as {month}.",
            'For {country}, the question is less whether sanctions will end the war than whether they will make it harder for {enemy} to sustain it for years. "Time is the main weapon in this war," said {analyst2}. "Sanctions are a way of making time more expensive for the other side."',
        ),
        tags=("sanctions", "economy", "diplomacy"),
    ),
    Story(
        kinds=("explainer", "analysis"),
        analysts=("Piotr Lenz", "Esme Kallen"),
        officials=("Pavel Ruden", "Helena Strand"),
        headlines=(
            "Explained: where {country}'s money comes from in wartime",
            "The budget gap, explained: {billion} billion crowns and counting",
            "Who pays for the war? A guide to the wartime budget",
        ),
        standfirsts=(
            "Taxes pay for the army. Almost everything else, from pensions to teachers' salaries, depends on foreign help. Here is how the sums work.",
            "The finance ministry has to find billions of crowns every month. This is where it looks.",
        ),
        ledes=(
            "Every month, the {ADJ} state spends far more than it collects. Domestic taxes, which have held up better than anyone expected, cover almost all of the cost of the army. The rest of the state, from pensions to hospitals, is kept running largely with money from abroad.",
            "{official_name} likes to describe the wartime budget as two budgets stapled together. One, funded at home, pays for defence. The other, funded by grants and loans from partners, pays for everything else.",
        ),
        body=(
            "The gap between what the state spends and what it collects is expected to reach about {billion} billion crowns this year. Partners have pledged most of it, but the money arrives in tranches, each tied to conditions such as reforms of customs, courts and state companies.",
            "When a tranche is delayed, the finance ministry can borrow from domestic banks, sell bonds to residents or, in extremis, ask the National Bank to print money. It did so in the first months of the war and has been reluctant to do it again because of the risk of inflation.",
            '{analyst} said the system had proved more resilient than feared. "Tax revenue actually grew last year, because so much of the economy moved into the open," {analyst_last} said. "Card payments replaced cash. Companies that used to pay salaries in envelopes now pay them through banks."',
            "The risk, economists say, lies in the future. If foreign help falls, the government would have to choose between cutting social spending, raising taxes further or printing money. None of the options is popular, and elections, whenever they come, will be fought over them.",
        ),
        tags=("economy", "banking", "diplomacy"),
    ),
    Story(
        kinds=("analysis",),
        analysts=("Hugo Zabel", "Marek Stoll"),
        officials=("Jarek Halloran", "Tomas Verek"),
        headlines=(
            "From garages to assembly lines: can {country}'s drone industry keep up?",
            "The drone gap: why making more is no longer enough",
            "A million drones a year? Inside the race to out-build the enemy",
        ),
        standfirsts=(
            "Hundreds of small companies now build drones for the army. The next challenge is not quantity but the electronic war in the air.",
            "Cheap drones changed the war. Now both sides are racing to make them smarter, harder to jam and cheaper still.",
        ),
        ledes=(
            "Three years ago, {country}'s drone industry consisted of a few enthusiasts who built racing drones and a handful of start-ups selling cameras to farmers. Today, several hundred companies assemble drones for the army, and the government says production runs to hundreds of thousands a year.",
            "On a workbench in a former furniture factory in {city}, a technician solders a circuit board into the frame of a small quadcopter. It will be flown into a trench or a truck within a few weeks. The factory, which asked that its name and location not be published, makes about {n_big} such drones a day.",
        ),
        body=(
            'The bottleneck has moved. Frames and motors are now made in {country}, but many of the electronic components still come from abroad, and the supply of batteries is a constant worry. "We solved the easy problems first," said {boss}, who runs one of the larger manufacturers. "The hard problems are the ones we still import."',
            "Electronic warfare is the other constraint. Both sides jam the radio signals that connect pilots to their drones, and a large share of drones never reach their targets. Engineers are experimenting with fibre-optic cables, which cannot be jammed, and with software that lets a drone finish its flight on its own.",
            '{analyst} warned against measuring the industry only by output. "Counting drones is like counting rifles in 1914," {analyst_last} said. "What matters is how well you use them and how fast you change them when the enemy adapts."',
            "The state buys most drones through a digital marketplace where units order directly, a system that officials say has cut prices and delivery times. Some manufacturers complain about late payments and sudden changes in specifications.",
            "Export is the next debate. Manufacturers say that selling abroad would let them scale up and invest in research. The government has so far refused, arguing that every drone made in {country} is needed at the front.",
        ),
        tags=("drones", "technology", "economy"),
    ),
    Story(
        kinds=("analysis",),
        analysts=("Cyril Nyman", "Yana Rendel", "Nadia Holm"),
        officials=("Ilse Marovan", "Tomas Verek"),
        headlines=(
            "Talk of talks: what a ceasefire could and could not look like",
            "Why {country} is wary of a ceasefire without guarantees",
            "The peace plans on the table, and what each one leaves out",
        ),
        standfirsts=(
            "Diplomats are speaking about negotiations more openly than at any time since the war began. The hard questions have not changed.",
            "A ceasefire that freezes the front line might stop the killing for a while. {ADJ} officials fear it would also give {enemy} time to rearm.",
        ),
        ledes=(
            'In recent weeks, the word "ceasefire" has returned to the vocabulary of diplomats who visit {capital}. Several proposals are circulating, some formal and some floated in interviews. None has been accepted by both sides, and officials in {capital} say none yet answers the question that matters most: what happens if {enemy} attacks again?',
            'There is a map pinned to the wall of a diplomat\'s office in {capital} with three lines drawn on it in different colours. Each represents a possible line of contact in a ceasefire. "The lines are the easy part," the diplomat said. "What keeps them in place is the hard part."',
        ),
        body=(
            'The history of the region offers little comfort. Earlier ceasefires along the eastern border were broken hundreds of times, and monitors were unable to stop the fighting. {analyst} said that any new agreement would need "teeth that bite", such as foreign troops or binding security commitments.',
            'Public opinion in {country} remains largely opposed to territorial concessions, although polls suggest a growing willingness to accept a freeze in fighting if it comes with security guarantees. "People are tired, but tired is not the same as defeated," said {analyst2_name}.',
            "{enemy} has said it is open to negotiations but has attached conditions that {ADJ} officials describe as a demand for surrender, including limits on the size of the {ADJ} army and recognition of annexed territories.",
            'For the soldiers at the front, talk of talks has a double edge. Some hope it means an end is near. Others fear that any deal will ask them to stand down while the enemy prepares. "We have heard about peace before," said a soldier with {unit}. "It came with tanks behind it."',
        ),
        tags=("diplomacy", "frontline"),
    ),
    Story(
        kinds=("analysis",),
        analysts=("Yana Rendel", "Talia Greer"),
        officials=("Tomas Verek", "Ilse Marovan"),
        headlines=(
            "What {ADJ}s really think about the war: five findings from a new survey",
            "Tired but unbowed: a poll maps the nation's mood",
            "Trust, fatigue and hope: reading the latest opinion polls",
        ),
        standfirsts=(
            "A nationwide survey of {n_k} people finds rising fatigue and falling trust in parliament, but steady support for the army.",
            "The numbers describe a society that has adapted to war without accepting it.",
        ),
        ledes=(
            "A new survey by the polling firm Civic Pulse, which interviewed {n_k} adults by telephone across the country, paints a picture of a society that is exhausted, anxious about money and sceptical of politicians, yet still overwhelmingly confident in its army.",
            "Polling in wartime is difficult. Millions of people have moved, some regions cannot be reached, and respondents may be wary of telling strangers what they think. With those caveats, a new survey offers one of the most detailed portraits yet of how {ADJ}s are coping.",
        ),
        body=(
            'Trust in the armed forces stood at {pct} points above any other institution. Trust in the Assembly was the lowest of all, below the courts and the police. {analyst} said the pattern had held since the start of the war. "People separate the state that fights from the state that governs," {analyst_last} said.',
            "About {pct} percent of respondents said their household income had fallen in the past year, and a similar share said someone in their immediate family was serving in the army.",
            "The survey asked about the future in several ways. Most respondents said they expected the war to last at least another year, and a majority said they were willing to endure it if that was the price of keeping the country independent.",
            "Younger respondents were more likely to say they were considering leaving the country after the war, a finding that worries officials already concerned about a shrinking population.",
        ),
        tags=("elections", "mobilisation"),
    ),
    Story(
        kinds=("explainer",),
        analysts=("Irena Vos", "Piotr Lenz"),
        officials=("Mira Osk",),
        headlines=(
            "Explained: how {country} plans to get through the winter",
            "Will the lights stay on? The winter energy plan, explained",
            "Generators, imports and shelters: the energy plan for the cold months",
        ),
        standfirsts=(
            "Engineers have repaired, hidden and decentralised the grid. It may not be enough if attacks intensify.",
            "Here is what the government is doing to keep homes warm, and what households can do themselves.",
        ),
        ledes=(
            "Every autumn, the energy ministry publishes a plan for the winter. This year's plan, presented by {official_name}, relies on three things: repairing damaged plants as fast as possible, importing electricity from neighbours, and spreading generation across thousands of small sites that are harder to hit.",
            "{country} enters the cold season with less generating capacity than it had a year ago. Several large plants damaged in spring are only partly repaired. The question is how the country will make up the difference.",
        ),
        body=(
            "Imports from neighbouring countries can cover part of the shortfall, but the cross-border lines have limited capacity, and imported electricity is expensive. The ministry expects households to face scheduled outages of up to {hours} hours a day during cold snaps.",
            'Small gas turbines and generator farms are being installed next to hospitals, water utilities and district heating plants. {analyst} said decentralisation was the right strategy. "A big plant is one target. A thousand small ones are a thousand targets, and none of them is worth a missile," {analyst_last} said.',
            "Households have adapted too. Sales of rooftop solar panels and home batteries have grown several-fold, helped by cheap state loans. In apartment blocks, residents' associations have pooled money to buy generators for lifts and water pumps.",
            'Engineers warn that no plan survives a sustained campaign against substations. "We can repair a transformer in days," one said. "We cannot make new ones overnight."',
        ),
        tags=("energy", "infrastructure"),
    ),
)

CONTEXT = (
    "Economists warn that forecasts made in wartime carry wide margins of error. Data arrive late, many people have moved, and a single night of strikes can change the picture for months.",
    "The government has published fewer statistics since the start of the war, citing security concerns. Independent researchers have filled some of the gaps with surveys and satellite data.",
    '{analyst} pointed out that the same figures can support opposite conclusions. "If you want to tell a story of collapse, there is data for it. If you want to tell a story of resilience, there is data for that too," {analyst_last} said.',
    "Policy decisions in {capital} are increasingly shaped by what partners will fund. Officials privately describe the dynamic as a negotiation that never ends.",
    "The war has made {country} a laboratory for ideas that were once theoretical, from decentralised energy to digital public services, and foreign governments are watching closely.",
    'Historical comparisons are tempting but imperfect, {analyst2_last} said. "Every war looks like the last one for a few months. Then it becomes its own thing."',
    "Much depends on factors outside {country}'s control: elections in partner countries, the price of oil, and how long {enemy} can keep recruiting soldiers with large bonuses.",
    'The Assembly\'s budget committee has asked the government for more detail on how the estimates were produced. Several deputies said the numbers presented so far were "optimistic by design".',
)

QUOTES = (
    '"The hardest part of analysis in a war is admitting what you don\'t know," said {analyst_name}. "We don\'t know how long this lasts. Everything else follows from that."',
    "\"It's not a single decision. It's a thousand small ones, made every week, by people who are exhausted,\" said {analyst2}.",
    '{official_name} told the Assembly that the government would "rather be criticised for caution than for recklessness".',
    '"There is a temptation to look for one magic fix," {analyst_last} said. "There isn\'t one. There is just the boring work of doing many things slightly better."',
    '"We model three scenarios," said an adviser to the government, who asked not to be named because the models are confidential. "In the good one, we grow. In the middle one, we survive. Nobody likes to talk about the third."',
)

HEADINGS = (
    "The numbers",
    "What the critics say",
    "A question of trust",
    "What could change",
    "The view from {capital}",
    "Three scenarios",
    "What to watch",
)

PULL_QUOTES = (
    ("Everyone agrees that the army needs people. Nobody agrees whose people.", "{analyst_name}"),
    ("Time is the main weapon in this war.", "{analyst2_name}"),
    ("A big plant is one target. A thousand small ones are a thousand targets.", "{analyst_name}"),
    ("People are tired, but tired is not the same as defeated.", "{analyst2_name}"),
)

CLOSERS = (
    "For now, the numbers point in different directions. The next few months will show which of them mattered.",
    "The Assembly is expected to return to the issue before the end of {month}. Few expect a quick resolution.",
    "The next test, officials say, will come long before anyone is ready for it.",
    "Whatever happens, {analyst_last} said, the decisions made this year will shape the country for a generation.",
)

DESK = Desk(
    slug="analysis",
    title="Analysis",
    introduction="What the news means: explainers and analysis on strategy, money, diplomacy and the state of the country.",
    stories=STORIES,
    context=CONTEXT,
    quotes=QUOTES,
    headings=HEADINGS,
    pull_quotes=PULL_QUOTES,
    closers=CLOSERS,
    tags=("diplomacy", "economy", "sanctions", "elections", "technology"),
)
