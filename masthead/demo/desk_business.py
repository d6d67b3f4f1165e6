"""Business desk: the wartime economy, companies, jobs and money."""

# ruff: noqa: E501

from .stories import Desk, Story

STORIES = (
    Story(
        kinds=("news",),
        analysts=("Piotr Lenz",),
        officials=("Helena Strand",),
        headlines=(
            "National Bank holds key rate at {rate}% as inflation slows",
            "Central bank keeps rates on hold, warns of energy price risks",
            "Inflation eases to {pct2}%, but bank says it is too early to cut",
        ),
        standfirsts=(
            "The bank said inflation was falling faster than expected but warned that attacks on the grid could push prices up again in winter.",
            "Borrowers hoping for cheaper loans will have to wait. The bank says the risks are still on the upside.",
        ),
        ledes=(
            "The National Bank of {country} kept its key interest rate unchanged at {rate} percent on {weekday}, saying that although inflation had slowed for a {n_small} month in a row, the outlook was clouded by the risk of new attacks on energy infrastructure.",
            "Consumer prices rose {pct2} percent in {month} compared with a year earlier, the statistics office said on {weekday}, the slowest pace in more than a year, helped by a good harvest and a stable exchange rate.",
        ),
        body=(
            '{official} said at a press conference that the bank would consider lowering rates only when it was confident that inflation would return to its target. "We have seen energy shocks before," {official_last} said. "We do not want to cut today and raise again in three months."',
            "Food prices fell in the summer months thanks to a strong harvest, but the cost of services, including rents in western cities, continued to rise. Economists say rents are one of the clearest signs of the war's effect on daily budgets.",
            '{analyst} said the bank\'s caution was understandable. "Monetary policy in wartime is like driving in fog," {analyst_last} said. "You go slower, and you keep your hands on the wheel."',
            "The crown has been broadly stable against major currencies since the bank moved to a managed float. Foreign-currency reserves, supported by aid from partners, are at a record high.",
            "Businesses say the cost of borrowing is one of their main obstacles to investment, along with the shortage of workers and the risk of attacks. State programmes offering cheap loans to small businesses have partly filled the gap.",
        ),
        tags=("economy", "banking"),
    ),
    Story(
        kinds=("news", "feature"),
        analysts=("Piotr Lenz", "Irena Vos"),
        officials=("Pavel Ruden", "Tomas Verek"),
        headlines=(
            "Sarn Steelworks restarts a furnace {n_big} km from the front",
            "Moving a steelworks: how Sarn Steelworks rebuilt production in the west",
            "Steel, again: a relocated plant in {city2} begins pouring metal",
        ),
        standfirsts=(
            "The company moved equipment and hundreds of workers away from the shelling. The new plant is smaller, but it works.",
            "Relocating heavy industry in wartime is slow, costly and sometimes impossible. One company managed it.",
        ),
        ledes=(
            "For the first time in almost two years, molten metal poured from an {ADJ} furnace operated by Sarn Steelworks on {weekday}, at a relocated plant in {city2} far from the front line that forced the company to shut its main works in the east.",
            "It took {n2} trains, {n_big} trucks and the better part of a year to move the equipment. On {weekday}, the relocated plant in {city2} produced its first batch of steel, and the workers who had followed the machines across the country stood in the hall and applauded.",
        ),
        body=(
            "The new plant will produce about a tenth of what the company made before the war, mostly steel for construction and for the defence industry. Executives say they hope to double output within a year if electricity supply allows.",
            'About {n_big} workers moved with the company, many of them with their families. The company rented flats for them and opened a kindergarten on the site. "We moved the machines, but the machines are useless without the people who know them," said {boss}, the plant director.',
            "Electricity is the main constraint. Steelmaking consumes enormous amounts of power, and the plant must cut production during peak hours and whenever the grid is under strain.",
            '{analyst} said relocation had worked for some companies and failed for others. "Light industry moved easily. Heavy industry is a different matter: you cannot put a blast furnace on a train," {analyst_last} said.',
        ),
        tags=("economy", "energy", "reconstruction"),
    ),
    Story(
        kinds=("news", "analysis"),
        analysts=("Bram Oberin", "Piotr Lenz"),
        officials=("Oren Baltz", "Tomas Verek"),
        headlines=(
            "Grain exports through {port} rise {pct}% despite strikes on the coast",
            "Farmers count the cost of a harvest that can't leave the country fast enough",
            "Shipping corridor holds, but freight costs eat into farmers' margins",
        ),
        standfirsts=(
            "The corridor along the coast has kept grain moving, but at a price. Insurance and freight costs mean farmers get far less for each tonne.",
            "Exports are up. Profits are not.",
        ),
        ledes=(
            "Grain shipments from the port of {port} rose by {pct} percent in {month} compared with the previous month, according to port data, as more shipowners returned to the coastal corridor despite repeated strikes on port infrastructure.",
            "On a farm outside {city3}, the silos are full and the price is low. {resident2_name}, who grows wheat and sunflowers on {n_big} hectares, says the problem is not the harvest but getting it to the sea.",
        ),
        body=(
            "Farmers say the gap between world prices and what they receive at the farm gate remains wide, because of the cost of transport, insurance and the risk premium that traders charge for {ADJ} grain.",
            '{analyst} said the corridor had been one of the war\'s quiet successes. "Nobody expected it to work this well," {analyst_last} said. "But every strike on the port adds a few dollars to the cost of every tonne, and farmers pay it."',
            "Rail and river routes to the west have expanded, but they are more expensive and have limited capacity. The railway says it has added {n} grain trains a week since the spring.",
            '{resident2_name} has stopped planting corn, which needs more fertiliser and fuel, and switched part of his land to crops he can sell locally. "I am a farmer, but now I am also a logistics manager and a gambler," he said.',
        ),
        tags=("agriculture", "shipping", "economy"),
    ),
    Story(
        kinds=("news",),
        analysts=("Hugo Zabel", "Piotr Lenz"),
        headlines=(
            "{ADJ} start-ups raised {amount} million crowns in {month}, the most since the war began",
            "Defence tech drives a revival in start-up funding",
            "Investors return to {capital}'s tech scene, with drones in mind",
        ),
        standfirsts=(
            "Most of the money went to companies building drones, electronic warfare and cybersecurity. Founders say investors now see the war as a testing ground.",
            "The technology sector, which kept exporting throughout the war, is finding new investors.",
        ),
        ledes=(
            "{ADJ} technology start-ups raised about {amount} million crowns in {month}, according to a tally by a local venture association, the highest monthly total since the start of the war, with defence technology companies accounting for most of the deals.",
            "The pitch decks have changed. Three years ago, {capital}'s start-ups pitched food delivery and dating apps. Today, founders pitch drones, counter-drone systems and software that can find a mine in a satellite image.",
        ),
        body=(
            "The largest deal, worth about {n} million crowns, went to Northgate Drones, which makes reconnaissance drones used by several brigades. Its founder, {boss}, said the money would go into a new production line and research into navigation without satellite signals.",
            "The wider technology sector, which sells software services abroad, has been one of the most resilient parts of the economy. Companies kept working through power cuts with generators and satellite internet, and exports held up better than in most industries.",
            '{analyst} cautioned against a bubble. "Not every company with a drone on its logo is a defence company," {analyst_last} said. "Investors should ask who the customer is and whether they have paid."',
            "Founders say that the biggest obstacle is not money but people: many engineers have been mobilised or have left the country, and competition for the rest is fierce.",
        ),
        tags=("technology", "drones", "economy"),
    ),
    Story(
        kinds=("interview",),
        headlines=(
            "'Every rooftop is a power station': the founder of Ashgrove Solar on the energy war",
            "The solar kit seller who became a power company",
        ),
        standfirsts=(
            "Her company sold a few hundred solar kits a year before the war. Now it sells tens of thousands. We asked why.",
            "A conversation about blackouts, batteries and building a business under fire.",
        ),
        ledes=(
            "Ashgrove Solar was founded as a small business selling rooftop solar kits to farmers and holiday-home owners. Then the attacks on the grid began, and demand exploded. We spoke to its founder in the company's warehouse in Ashgrove, between stacks of batteries waiting to be shipped.",
        ),
        body=("The interview has been edited for length.",),
        qa=(
            (
                "When did you realise the business had changed?",
                "The first winter. We had a waiting list of two thousand families in a week. People were calling at night, during blackouts, asking if we could deliver tomorrow. We couldn't. We had twelve employees.",
            ),
            (
                "How did you scale up?",
                "Badly, at first. We made every mistake: we ran out of stock, we hired too fast, our installers were overbooked for months. Then we simplified. One standard kit, one installation procedure, training for local electricians so they could install our kits themselves.",
            ),
            (
                "Is solar really a defence against missile strikes?",
                "It is not a defence against missiles. It is a defence against what the missiles are trying to do, which is make people cold and dark and desperate. A missile can destroy a power station. It cannot destroy a hundred thousand rooftops.",
            ),
            (
                "What do you need from the government?",
                "Rules that don't change every six months. And connection to the grid, so that households can sell electricity back in the summer. That would change the economics completely.",
            ),
            (
                "What happens after the war?",
                "We stay. The country will rebuild its energy system from scratch in many places. It would be crazy to rebuild it the old way, with everything in a few big plants.",
            ),
        ),
        tags=("energy", "technology", "economy"),
    ),
    Story(
        kinds=("analysis", "news"),
        analysts=("Piotr Lenz", "Esme Kallen"),
        officials=("Pavel Ruden", "Tomas Verek"),
        headlines=(
            "War-risk insurance: the missing piece for investors in {country}",
            "Who insures a factory within range of missiles?",
            "A new state insurance scheme aims to unlock investment",
        ),
        standfirsts=(
            "Foreign companies say they would invest more if they could insure against war damage. A new scheme is trying to make that possible.",
            "The state and its partners are betting that cheap insurance will bring investors back.",
        ),
        ledes=(
            "Ask a foreign executive why their company has not invested in {country}, and the answer is often a single word: insurance. Commercial insurers largely stopped covering war risks when the fighting started, leaving investors exposed to losses from strikes they can neither predict nor prevent.",
            "The government and a group of foreign development banks on {weekday} launched a scheme that will insure companies against damage from military attacks, in an effort to draw private investment into factories, warehouses and energy projects.",
        ),
        body=(
            "Under the scheme, companies can insure assets worth up to {amount} million crowns against damage from missile and drone attacks. Premiums will be partly subsidised, with the state and its partners sharing the losses.",
            '{analyst} said the scheme could make a difference, but only if claims were paid quickly. "Insurance is a promise," {analyst_last} said. "The first few claims will decide whether anyone believes it."',
            'Companies already operating in {country} say they have learned to live with the risk, spreading production across several sites and keeping spare equipment in storage. "We do not put all our eggs in one basket. We put them in twelve," said {boss}, who runs a logistics company in {city}.',
            "Officials hope that insurance, combined with tax breaks in industrial parks away from the front, will persuade foreign manufacturers to move part of their supply chains to {country}.",
        ),
        tags=("economy", "banking", "reconstruction"),
    ),
    Story(
        kinds=("news", "feature"),
        analysts=("Talia Greer", "Piotr Lenz"),
        headlines=(
            "Welders, drivers, crane operators: women fill the jobs the war emptied",
            "Labour shortage opens heavy industry to women in {city}",
            "'My father said this was no job for a woman. He was wrong'",
        ),
        standfirsts=(
            "With many men at the front, companies are recruiting and training women for jobs they were once barred from.",
            "A law that banned women from hundreds of professions was scrapped before the war. The war made the change real.",
        ),
        ledes=(
            "At the {company} depot in {city}, the newest crane operator is {resident_name}, {young_age}, who until last year worked in a clothing shop. She is one of {n} women the company has trained this year for jobs that used to be done almost entirely by men.",
            "Businesses across {country} are struggling to find workers, as men are mobilised and millions of people have left the country. Employers' associations say the shortage is now the biggest obstacle to growth, ahead of power cuts and the cost of credit.",
        ),
        body=(
            "The company pays for training and offers a bonus to those who stay for a year. Women now make up about {pct} percent of its drivers and machine operators, up from almost none before the war.",
            '{resident_name} said the hardest part was not the work but the reactions. "My father said this was no job for a woman," she said. "Now he shows my photo in the cab to everyone at his bus stop."',
            '{analyst} said the change could last. "Wars have changed labour markets before, and not all of the change was reversed when the men came home," {analyst_last} said.',
            "Unions say employers must also adapt, with childcare, flexible shifts and proper equipment. Several women interviewed for this story said they had been given protective clothing in men's sizes.",
        ),
        tags=("economy", "mobilisation"),
    ),
)

CONTEXT = (
    "The economy shrank by about a third in the first year of the war and has grown modestly since, helped by foreign aid, a good harvest and businesses that adapted faster than expected.",
    "Companies in the east have borne the brunt of the damage. Many have moved to the west of the country, where industrial parks offer tax breaks and cheaper land.",
    "Business surveys show that companies now list the shortage of workers as their main problem, ahead of power cuts and security risks.",
    "Energy costs remain a constant concern. Many businesses have bought their own generators or solar panels so that they can keep working during outages.",
    '{analyst} said companies had become experts in risk management out of necessity. "Every business owner here is now a crisis manager," {analyst_last} said.',
    "Foreign investors remain cautious, but several large companies have announced projects in the past year, mainly in agriculture, energy and defence.",
    "Exports fell sharply in the first year of the war when the ports were blocked, and have recovered since the coastal corridor opened.",
)

QUOTES = (
    '"The companies that survived are the ones that stopped waiting for things to return to normal," said {boss}, who runs a manufacturing business in {city}.',
    '"We plan in weeks, not years," said {boss}. "And we always have a plan B, and a generator."',
    '"Money is not the hardest thing to find. People are," said an executive at {company}, {company_desc}.',
    '{official_name} told a business forum in {capital} that the government\'s priority was "to make it easier to build things here than anywhere else in the region".',
)

HEADINGS = (
    "The numbers",
    "What businesses say",
    "The risks",
    "The outlook",
    "Workers wanted",
)

PULL_QUOTES = (
    ("Monetary policy in wartime is like driving in fog.", "{analyst_name}"),
    (
        "A missile can destroy a power station. It cannot destroy a hundred thousand rooftops.",
        "The founder of Ashgrove Solar",
    ),
    (
        "Insurance is a promise. The first few claims will decide whether anyone believes it.",
        "{analyst_name}",
    ),
    ("We plan in weeks, not years.", "{boss}"),
)

CLOSERS = (
    "The next figures are due in {month}. Economists will be watching the price of electricity most closely.",
    'For now, {boss_last} said, the plan is to keep working and keep paying wages. "That is our contribution," {boss_last} said.',
    "Companies that spoke to The Meridian Ledger were cautiously optimistic. Most added: as long as the power stays on.",
)

DESK = Desk(
    slug="business",
    title="Business",
    introduction="The wartime economy: companies, jobs, money and the people who keep the country working.",
    stories=STORIES,
    context=CONTEXT,
    quotes=QUOTES,
    headings=HEADINGS,
    pull_quotes=PULL_QUOTES,
    closers=CLOSERS,
    tags=("economy", "banking", "energy", "agriculture", "technology", "shipping"),
    analysts=("Piotr Lenz", "Bram Oberin", "Irena Vos", "Esme Kallen"),
)
