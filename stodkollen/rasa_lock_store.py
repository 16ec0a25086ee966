"""Rasa's Redis lock store, with every change to a conversation's lock made atomically.

Rasa 3.6's RedisLockStore reads a lock, changes it in Python and writes it back (GET, then
SET). Two Rasa servers taking a ticket for the same conversation at the same moment both read
"no lock", both write a lock holding only their own ticket, and both answer at once: one of the
two messages is lost from the tracker (tests/e2e/test_scale_out.py showed it). Here each change
runs in a Redis transaction that is retried when another server changed the lock meanwhile
(WATCH/MULTI). endpoints.yml names this class as the lock store's `type` (stodkollen/stack.py).
"""

import json
from collections.abc import Callable
from typing import TypeVar

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

Result = TypeVar("Result")


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig):
        # Rasa hands a lock store named by its module path the endpoint's whole configuration.
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)

    def _atomically(self, conversation_id: str,
                    change: Callable[[TicketLock | None], tuple[Result, TicketLock | None]]) -> Result:
        """Apply `change` to the stored lock (None: there is none) in one transaction; it returns
        its result and the lock to store (None: delete it)."""
        key = self.key_prefix + conversation_id
        while True:
            with self.red.pipeline() as pipe:
                try:
                    pipe.watch(key)
                    stored = pipe.get(key)
                    lock = TicketLock.from_dict(json.loads(stored)) if stored else None
                    result, changed = change(lock)
                    pipe.multi()
                    if changed is None:
                        pipe.delete(key)
                    else:
                        pipe.set(key, changed.dumps())
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue  # another server changed the lock first: read it again

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def take_ticket(lock: TicketLock | None) -> tuple[int, TicketLock]:
            lock = lock or self.create_lock(conversation_id)
            return lock.issue_ticket(lock_lifetime), lock

        try:
            return self._atomically(conversation_id, take_ticket)
        except redis.RedisError as error:
            raise LockError(f"Error while acquiring lock: {type(error).__name__}") from error

    def update_lock(self, conversation_id: str) -> None:
        def without_expired(lock: TicketLock | None) -> tuple[None, TicketLock | None]:
            if lock:
                lock.remove_expired_tickets()
            return None, lock

        self._atomically(conversation_id, without_expired)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        def served(lock: TicketLock | None) -> tuple[None, TicketLock | None]:
            if lock:
                lock.remove_ticket_for(ticket_number)
            return None, lock

        self._atomically(conversation_id, served)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """The ticket served, and the lock gone unless someone waits: one step, so that a
        ticket issued in between is never deleted with the lock."""
        def served_and_cleared(lock: TicketLock | None) -> tuple[None, TicketLock | None]:
            if lock is None:
                return None, None
            lock.remove_ticket_for(ticket_number)
            return None, lock if lock.is_someone_waiting() else None

        self._atomically(conversation_id, served_and_cleared)
