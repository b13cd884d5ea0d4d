"""Research: catalog, search backends, fetch, reach, rendering, links, the scope table and
the session that composes them.

Importing any research module registers every search backend, and with it the variables
that hold its secrets (:mod:`factory.secrets`): whatever researches also redacts what those
backends' keys would leak, with no import left for a caller to forget.
"""

from factory.research import backends as backends
