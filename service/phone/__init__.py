"""The phone assistant's side of the service: who is calling (a salted hash, never the
number), which conversation a call belongs to, and the route's turn-by-turn bookkeeping."""
