"""The phone assistant's Rasa input channel: a telephony platform's turns (speech, keyed
digits, call events) in, one reply for the ear out. `protocol` is plain Python (the service
and the tests use it); `rasa_input` is the channel class Rasa loads from credentials.yml."""
