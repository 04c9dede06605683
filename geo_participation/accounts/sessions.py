"""Sessions in the database, as Django's own backend keeps them, read with prepared SQL.

Every request of a logged-in person reads its session first; the ORM compiled that SELECT anew each time, which cost
more CPU than PostgreSQL took to answer (benchmarks/_profile.py). Writing, expiry and deletion stay Django's.
"""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from geo_participation.core.prepared import PreparedLookup

_LIVE_SESSION = PreparedLookup(Session, where="{self}.session_key = %s AND {self}.expire_date > %s")


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        # As Django's: a missing or expired session is forgotten, and a new key is made when it is saved.
        session = _LIVE_SESSION.get(self.session_key, timezone.now()) if self.session_key else None
        if session is None:
            self._session_key = None
        return session
