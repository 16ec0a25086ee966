"""Application drafts: storage, their life from creation to deletion, and the handoff to
Min ansökan."""
