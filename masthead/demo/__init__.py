"""The demo newsroom behind `manage.py load_demo`: The Meridian Ledger, an invented
reader-funded outlet in the invented country of Arvenia.

- world.py, people.py, pictures.py, site_copy.py, stories.py and desk_*.py: the
  material (places, people, staff, picture captions, page copy, story copy);
- writer.py: composes articles from that material, without the database;
- art.py: draws the lead pictures and portraits with Pillow;
- build.py: creates everything through Wagtail's page API, idempotently;
- bulk.py: bulk-inserts a large archive for benchmarks.
"""
