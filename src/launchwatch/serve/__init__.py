"""The web app and JSON API of ``launchwatch serve``, over the store.

``create_app(db, settings)`` builds the FastAPI app: the API under ``/api/`` (:mod:`.api`),
server-rendered pages (:mod:`.web`) with the map (:mod:`.basemap`) and the timeline
(:mod:`.timeline`), tokens and security headers (:mod:`.security`), configured from the
environment (:mod:`.settings`).
"""

from launchwatch.serve.app import create_app
from launchwatch.serve.settings import ServeSettings

__all__ = ["ServeSettings", "create_app"]
