"""The demo newsroom's news feed: invented updates from the fictional Arvenia, spread over
the last three days, posted through the services like an editor's. Used by load_demo."""

import datetime

from masthead.articles.models import ArticlePage
from masthead.livefeed import services
from masthead.livefeed.models import FeedItem, LiveFeedPage

# (hours ago, headline, text, breaking, pinned, tags)
ITEMS = [
    (
        0.3,
        "Power restored to most of eastern Velmora after overnight outage",
        "Grid operator Arvenergo says 92% of homes have electricity again. Crews expect the rest back by noon.",
        False,
        False,
        ["Energy"],
    ),
    (
        0.9,
        "Air raid alert lifted across the Tarsk region",
        "The alert lasted two hours and ten minutes. No damage has been reported so far.",
        True,
        False,
        ["Frontline"],
    ),
    (
        1.6,
        "Ferry service on the Arva resumes after fog",
        "Boats leave Port Lisca every hour from 7 AM. The first crossing was full.",
        False,
        False,
        ["Transport"],
    ),
    (
        2.4,
        "Parliament schedules budget vote for Thursday",
        "The finance committee approved the draft 14 to 9. Opposition deputies want more for schools.",
        False,
        False,
        ["Politics"],
    ),
    (
        3.1,
        "Grain convoy reaches Dunmarsh port",
        "Forty-two lorries arrived under escort. Loading starts tonight, the port authority says.",
        False,
        False,
        ["Economy"],
    ),
    (
        4.0,
        "Velmora metro runs a reduced timetable until 10 AM",
        "Trains run every twelve minutes on the Red line. Stations remain open as shelters.",
        False,
        False,
        ["Transport"],
    ),
    (
        5.2,
        "Drone debris falls on a warehouse in Kessa; no injuries",
        "Firefighters put out a small blaze within forty minutes. Police have closed Mill Street.",
        True,
        False,
        ["Frontline"],
    ),
    (
        7.5,
        "Central bank holds its key rate at 11%",
        "Governor Ilse Marant cites slowing inflation. The next decision is due in six weeks.",
        False,
        False,
        ["Economy"],
    ),
    (
        9.0,
        "Our live coverage: how to read this feed",
        "Short updates appear here as they are confirmed, newest first. Corrections are marked with the time they were made.",
        False,
        True,
        [],
    ),
    (
        12.3,
        "Schools in the Tarsk region return to classrooms on Monday",
        "Shelters in 61 schools passed inspection. Remote lessons continue where they did not.",
        False,
        False,
        ["Education"],
    ),
    (
        15.8,
        "Rail link between Velmora and Dunmarsh reopens",
        "Repairs to the Orsk bridge finished a day early. The first train left at 6:40 PM.",
        False,
        False,
        ["Transport"],
    ),
    (
        19.0,
        "Heavy rain warning for the western valleys",
        "Forecasters expect up to 60 mm overnight. Residents near the Lisca river are asked to move cars.",
        False,
        False,
        ["Weather"],
    ),
    (
        22.5,
        "Hospital in Kessa opens a second blood donation point",
        "Donors of every type are welcome from 8 AM to 6 PM. Bring an identity document.",
        False,
        False,
        ["Health"],
    ),
    (
        26.0,
        "Arvenian Red Cross delivers generators to 40 villages",
        "Each village hall now has a generator and fuel for two weeks. More deliveries follow next week.",
        False,
        False,
        ["Energy"],
    ),
    (
        29.4,
        "City council approves free heating points for winter",
        "Velmora will open 120 heated tents with tea and phone charging. They open when the temperature drops below zero.",
        False,
        False,
        ["Energy"],
    ),
    (
        33.0,
        "Border crossing at Halm reopens for lorries",
        "Queues were about nine kilometres long this morning. Customs added four extra lanes.",
        False,
        False,
        ["Economy"],
    ),
    (
        37.2,
        "Explosions heard near the Tarsk industrial zone",
        "Local authorities say air defence was working. Details are being confirmed.",
        True,
        False,
        ["Frontline"],
    ),
    (
        41.0,
        "National orchestra plays in a metro station",
        "Three hundred people listened on the platform at Old Square. The concert raised money for the children's hospital.",
        False,
        False,
        ["Culture"],
    ),
    (
        45.5,
        "Fuel prices fall for the third week running",
        "Petrol costs 1.2% less than last week. Diesel is unchanged.",
        False,
        False,
        ["Economy"],
    ),
    (
        50.0,
        "Storm cuts power to 30,000 homes in the north",
        "Falling trees brought down lines near Orsk. Repair crews are on the way.",
        False,
        False,
        ["Energy", "Weather"],
    ),
    (
        54.3,
        "Volunteers rebuild the roof of Dunmarsh library",
        "Sixty volunteers worked through the weekend. The library reopens on Wednesday.",
        False,
        False,
        ["Human Story"],
    ),
    (
        58.0,
        "Velmora airport remains closed to civilian flights",
        "The transport ministry gives no date for reopening. Bus links to Halm continue.",
        False,
        False,
        ["Transport"],
    ),
    (
        62.7,
        "Exam results published for the spring session",
        "Pass rates rose by four points. Students can check results online with their code.",
        False,
        False,
        ["Education"],
    ),
    (
        66.0,
        "Fishermen return to Lake Senn after the ban ends",
        "The season runs until March. Catch limits stay as last year.",
        False,
        False,
        ["Economy"],
    ),
    (
        70.0,
        "Morning briefing: what we know at 6 AM",
        "Overnight, air defence was active over three regions. Power and water work normally in the capital.",
        False,
        False,
        [],
    ),
]


def ensure(home, editor, now):
    """Create the news feed page and its items if there are none. Returns items created."""
    if not LiveFeedPage.objects.exists():
        page = LiveFeedPage(
            title="News feed",
            slug="news-feed",
            introduction="Short updates from our newsroom as they happen, newest first.",
        )
        home.add_child(instance=page)
        page.save_revision(user=editor).publish(user=editor)
    if FeedItem.objects.exists():
        return 0
    newest_article = ArticlePage.objects.live().order_by("-published_at").first()
    for n, (hours, headline, text, breaking, pinned, tags) in enumerate(reversed(ITEMS)):
        services.do_post_item(
            headline=headline,
            body=f"<p>{text}</p>",
            posted_by=editor,
            published_at=now - datetime.timedelta(hours=hours),
            tags=tags,
            breaking=breaking,
            pinned=pinned,
            # One recent update grew into the newest article: the breakout.
            article=newest_article if n == len(ITEMS) - 3 else None,
        )
    return len(ITEMS)
