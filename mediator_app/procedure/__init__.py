"""The statutory people's-mediation procedure as a pure state machine, with its deadlines. No Qt, no SQL."""
