"""The demo's lead pictures: what each one shows (its alt text), its caption and credit.

The pictures themselves are drawn by art.draw_lead_image from (scene, sky, seed).
`suits` lists the desks and tags a picture fits, so that a story about the grid
gets power lines and a story about the port gets cranes.
"""

# ruff: noqa: E501

from dataclasses import dataclass


@dataclass(frozen=True)
class Picture:
    key: str
    scene: str
    sky: str
    alt: str
    caption: str  # may contain {place}; an article can put its own town there
    photographer: str
    suits: tuple
    place: str = "Calder"
    # Which of an article's places fits the caption: "city", "front_town", "village" or "port".
    where: str = "city"

    @property
    def title(self):
        return f"Demo: {self.caption.format(place=self.place).rstrip('.')}"

    @property
    def credit(self):
        # Templates print "Photo:" before a credit themselves (see the image model's help text).
        return f"{self.photographer}/Meridian Ledger"


PICTURES = (
    Picture(
        "hills-dawn",
        "hills",
        "dawn",
        "Layers of wooded hills fading into mist under a pale orange dawn sky.",
        "Morning mist over the hills near {place}.",
        "Lev Marek",
        ("field-report", "human-story", "frontline"),
        place="Lindavel",
        where="village",
    ),
    Picture(
        "hills-storm",
        "hills",
        "storm",
        "Dark ridges under a heavy grey storm sky.",
        "Storm clouds over the hills outside {place}, a few kilometres from the front line.",
        "Lev Marek",
        ("war", "frontline", "field-report"),
        place="Brask",
        where="front_town",
    ),
    Picture(
        "hills-noon",
        "hills",
        "noon",
        "Green hills under a clear blue sky with a bright sun.",
        "Summer near {place}, far from the fighting.",
        "Zofia Quell",
        ("human-story", "agriculture", "culture"),
        place="Hollin",
    ),
    Picture(
        "skyline-dusk",
        "skyline",
        "dusk",
        "A city skyline in silhouette at dusk, a few windows lit against a red sky.",
        "{place} at dusk, during a scheduled power outage.",
        "Zofia Quell",
        ("national", "analysis", "energy", "economy"),
        place="Calder",
    ),
    Picture(
        "skyline-night",
        "skyline",
        "night",
        "Tower blocks at night with scattered lit windows.",
        "{place} after dark. Many districts are on rolling blackouts.",
        "Lev Marek",
        ("energy", "war", "air defence"),
        place="Velmora",
    ),
    Picture(
        "skyline-overcast",
        "skyline",
        "overcast",
        "Grey office towers and apartment blocks under a flat overcast sky.",
        "The business district of {place}.",
        "Noor Halden",
        ("business", "banking", "economy", "analysis"),
        place="Calder",
    ),
    Picture(
        "fields-dawn",
        "fields",
        "dawn",
        "Ploughed furrows running to a line of trees under a pink dawn sky.",
        "Farmland outside {place} at first light.",
        "Zofia Quell",
        ("agriculture", "business", "field-report"),
        place="Dunmere",
        where="village",
    ),
    Picture(
        "fields-overcast",
        "fields",
        "overcast",
        "A green field stretching to a distant tree line on a grey day.",
        "A field near {place}, cleared of mines this spring.",
        "Lev Marek",
        ("agriculture", "reconstruction", "field-report"),
        place="Nettlefield",
        where="village",
    ),
    Picture(
        "fields-winter",
        "fields",
        "winter",
        "Frozen brown furrows under a pale winter sky.",
        "Winter fields near {place}.",
        "Noor Halden",
        ("frontline", "mobilisation", "field-report"),
        place="Orlin",
        where="village",
    ),
    Picture(
        "river-dawn",
        "river",
        "dawn",
        "A river winding between green hills towards a glowing horizon.",
        "The river near {place}, seen from the western bank.",
        "Lev Marek",
        ("frontline", "war", "field-report"),
        place="Staryn",
        where="front_town",
    ),
    Picture(
        "river-overcast",
        "river",
        "overcast",
        "A pale river running through a grey-green valley.",
        "The river valley north of {place}.",
        "Zofia Quell",
        ("human-story", "refugees", "national"),
        place="Calder",
    ),
    Picture(
        "smoke-dusk",
        "smoke",
        "dusk",
        "Dark smoke rising from behind the rooftops of a small town at sunset.",
        "Smoke rises over {place} after an overnight strike.",
        "Oksana Riva",
        ("war", "frontline", "human rights"),
        place="Tervin",
        where="front_town",
    ),
    Picture(
        "smoke-overcast",
        "smoke",
        "overcast",
        "A column of grey smoke drifting over a town skyline on a cloudy day.",
        "Smoke over the outskirts of {place}.",
        "Lev Marek",
        ("war", "drones", "frontline"),
        place="Brask",
        where="front_town",
    ),
    Picture(
        "smoke-storm",
        "smoke",
        "storm",
        "Black smoke merging with storm clouds above a silhouetted town.",
        "A fire burns after a glide-bomb attack on {place}.",
        "Ivo Drach",
        ("war", "frontline", "evacuation"),
        place="Orlin",
        where="front_town",
    ),
    Picture(
        "pylons-dusk",
        "pylons",
        "dusk",
        "High-voltage pylons and sagging cables silhouetted against a red evening sky.",
        "Power lines near {place}. The grid has been attacked every winter.",
        "Zofia Quell",
        ("energy", "infrastructure", "business"),
        place="Ashgrove",
    ),
    Picture(
        "pylons-dawn",
        "pylons",
        "dawn",
        "A row of electricity pylons crossing a hill at sunrise.",
        "A repaired transmission line outside {place}.",
        "Lev Marek",
        ("energy", "infrastructure", "field-report"),
        place="Velmora",
    ),
    Picture(
        "pylons-overcast",
        "pylons",
        "overcast",
        "Pylons and power cables under a flat grey sky.",
        "Transmission lines near {place}.",
        "Noor Halden",
        ("energy", "analysis", "economy"),
        place="Hollin",
    ),
    Picture(
        "harbour-dusk",
        "harbour",
        "dusk",
        "Container cranes and moored ships in silhouette against a sunset over calm water.",
        "Cranes at the grain terminal in {place}.",
        "Zofia Quell",
        ("shipping", "business", "agriculture"),
        place="Port Isaly",
        where="port",
    ),
    Picture(
        "harbour-overcast",
        "harbour",
        "overcast",
        "A grey harbour with cranes along the quay and ships at anchor.",
        "Ships waiting to load at {place}.",
        "Lev Marek",
        ("shipping", "economy", "sanctions"),
        place="Kestrel Bay",
        where="port",
    ),
    Picture(
        "rail-dawn",
        "rail",
        "dawn",
        "Railway tracks running straight to the horizon under a dawn sky.",
        "The line west from {place}, used by evacuation trains.",
        "Noor Halden",
        ("evacuation", "refugees", "infrastructure"),
        place="Velmora",
    ),
    Picture(
        "rail-overcast",
        "rail",
        "overcast",
        "Empty railway tracks and poles stretching into grey distance.",
        "The railway near {place}.",
        "Lev Marek",
        ("infrastructure", "national", "economy"),
        place="Marrow Ford",
    ),
    Picture(
        "street-night-1",
        "night_street",
        "night",
        "A dark street with blurred orange lamps and a few lit windows.",
        "A street in {place} during curfew.",
        "Oksana Riva",
        ("war", "human-story", "air defence"),
        place="Velmora",
    ),
    Picture(
        "street-night-2",
        "night_street",
        "night",
        "Apartment buildings at night, glowing lamps blurred in the foreground.",
        "Residents of {place} wait out an air-raid alert.",
        "Zofia Quell",
        ("human-story", "opinion", "culture", "children"),
        place="Hollin",
    ),
    Picture(
        "hills-dusk",
        "hills",
        "dusk",
        "Purple hills under a red dusk sky with a low sun.",
        "Evening over the coast near {place}.",
        "Noor Halden",
        ("opinion", "culture", "diplomacy"),
        place="Saltmere",
        where="port",
    ),
)
