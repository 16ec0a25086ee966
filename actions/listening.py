"""What a message does while a question waits for its answer.

The question being asked reads the message first: a message that holds a value of the kind
asked ("nio miljoner kronor" to the turnover question) is the answer, whatever intent the
classifier ranked first. The intent model guesses from words it was trained on; the
understanding layer reads the value itself, and a value it reads cleanly is not thrown away
for a guess ("150 personer" names no person to talk to). Three kinds of message are not
answers even when they hold a value, and each is told by its own words, not by the intent:

- a question ("räknas drivmedel in i omsättningen?"): answered, then the question again;
- a request for a person, a restart or a pause: handled by its own rule or reply;
- a correction of an earlier answer ("förresten", "skrev fel", "inte 3 utan 4 miljoner").

Only when no value of the kind asked can be read, and the message gives no other fact, does
the intent decide between a question, a request and small talk.
"""

import re
import unicodedata
from enum import Enum


class Role(Enum):
    ANSWER = "answer"
    QUESTION = "question"
    PERSON = "person"
    RESTART = "restart"
    REQUEST = "request"  # anything else with a rule of its own: a draft, the result explained
    PAUSE = "pause"
    CORRECTION = "correction"
    OTHER = "other"


# Words that open a question and nothing else. Swedish and English alike: the text is folded,
# so "what's" is "what s" and "isn't" is "isn t".
QUESTION_STARTS = {"vad", "va", "vada", "varfor", "hur", "hurda", "hursa", "vem", "vilken", "vilket", "vilka",
                   "varifran", "far", "maste", "raknas", "galler", "behover", "menar", "menas", "ar", "finns",
                   "betyder", "innebar", "spelar", "racker", "hinner", "borde", "sparas", "syns", "pratar",
                   "duger", "funkar", "fungerar", "holler", "stammer",
                   "what", "whats", "why", "how", "who", "whom", "whose", "which", "does", "do", "did", "is",
                   "isn", "are", "aren", "should", "shall", "must", "am"}
# Words that open questions and statements alike ("när vi räknade var det 3 miljoner", "kan
# vara runt tre miljoner", "when we counted it was 3 million"): with a clean value of the kind
# asked and no question mark, an answer.
STATEMENT_OR_QUESTION_STARTS = {"nar", "var", "kan", "kommer", "ska", "skall", "blir", "gar", "tar", "vet",
                                "bor", "can", "could", "when", "where", "will", "would", "may", "might"}
# Words that make a message a question wherever they stand, even with a number in it
# ("varför behöver ni veta omsättningen?", "räknas 3 miljoner med moms?", "does fuel count
# towards the turnover?").
QUESTION_PHRASES = re.compile(
    r"\b(varfor|vad (menas|menar|betyder|innebar|ar|raknas|ingar|hander|spelar|galler|har .* med)"
    r"|raknas|menas det|vad sa du|upprepa|(forstar|forstod) (inte|int)( fragan)?|fattar inte"
    r"|hur (menar|raknar|gor|lange|mycket kan)"
    r"|vad ska ni ha|hann inte (lasa|hora|se|med)|en gang till|igen tack"
    r"|why|what (is|s|are|does|do|counts|happens|would|has .* to do with)|whats"
    r"|(does|do|would|will) .{1,40}count|counts? (as|towards?|for)|mean by|you mean"
    r"|how (do|does|did|should|would|can|come|is|are|much can|long)"
    r"|repeat|say (that|it) again|come again|pardon|once more|one more time"
    r"|(didn t|did not|don t|do not) (get|catch|understand|follow|see|hear) (that|the question|what)"
    r"|(don t|do not) understand)\b")
# "Can I talk to a real person?", but not "am I talking to a human?" (a question about the bot).
PERSON = re.compile(
    r"\b((prata|tala|snacka|sprak|fa prata) med (en |nagon |ett )?(riktig |levande |annan )?"
    r"(person|manniska|handlaggare|nagon|er|lansstyrelsen|kvinna|man)"
    r"|ring(a|er)? (mig|upp|tillbaka)|(nagon|nan|ni) (kan )?ring(a|er)|kontakta mig|(en|nagon) handlaggare"
    r"|telefonnummer|numret till|nummer till|koppla mig"
    r"|(nan|nagon|en) (handlaggare|manniska|person) (jag|vi) kan (ringa|prata med)|(jag|vi) kan ringa"
    r"|hjalpa mig (att )?(fylla i|med (det har|ansokan|blanketten|formularet))"
    r"|(inte|int) (sa |sarskilt )?van (vid|med) (datorer|datorn|data|internet)"
    r"|help me (to )?fill (it |this |the form )?(in|out)|(not|not very) good with computers"
    r"|(?<!am i )(?<!i m )(?<!are we )(talk|speak|chat)(ing)? (to|with) (a |an |the |some |your )?"
    r"(real |actual |live |human |proper )?(person|human|someone|somebody|caseworker|case worker|officer"
    r"|adviser|advisor|operator|staff|people at|county)"
    r"|(call|phone|ring) me( back)?\b|contact me|(someone|somebody) (can|could) call"
    r"|phone number|(put|connect) me (through|to)|a (real )?human please)")
RESTART = re.compile(
    r"\b(borja om|fran borjan|starta om|ta om alltihop|nollstall|borja pa nytt"
    r"|start (all )?over|start again|begin again|(start )?from (the )?(very )?(beginning|scratch)"
    r"|restart (the |this )?(chat|conversation|check|questions)"
    r"|(gora|kolla|rakna|ta) (samma sak|samma|det har|detta|om det) (for|med|pa) (var|min|en|den)"
    r" (andra|nasta|nya)"
    r"|(do|check|run) (the same|this|it|that) (again )?for (our|my|another|the) (other|second|next|new))")
PAUSE = re.compile(
    r"(^vanta\b|\b(ska|maste) (hamta|kolla|leta|fraga)\b"
    r"|\b(fortsatta (senare|sen|imorgon|i morgon|en annan gang|nasta vecka)|aterkomm(a|er)|pausa|ta en paus"
    r"|fortsatta (pa|i|fran) (datorn|mobilen|telefonen|en annan|ipaden|surfplattan)"
    r"|continue on (my |the |another |a )?(computer|laptop|phone|pc|tablet)"
    r"|vanta (lite|ett tag|en stund)|ett ogonblick|en sekund|maste (ga|sluta|stanga)|hor av mig (senare|sen)"
    r"|spara (och|sa) (fortsatt|tar)"
    r"|(need|have|got) to (check|ask|look|find|go)|gotta go|come back (later|to (this|it))"
    r"|(continue|finish|carry on|complete|do|pick) (this |it |the rest )?(up )?(later|tomorrow|another|next)"
    r"|get back to (you|this|it)"
    r"|pause|take a break|(one|a) (moment|sec)\b|(just|give me) (a|one) (second|minute)|(hold|hang) on"
    r"|wait (a |one )?(bit|moment|minute|sec|second)))")
CORRECTION = re.compile(
    r"\b(forresten|skrev fel|sa fel|raknade fel|menade|jag menar|rattelse|ratta|korrigera"
    r"|andra (mitt|svaret|det|ett|nagot|nagra|ett av)"
    r"|det var fel|blev fel|svarade fel|angav fel|fyllde i fel|rakade (svara|skriva|trycka|klicka)"
    r"|inte .{1,40} utan|nej vanta|vanta nu|^fel \w+"
    r"|fel (svar|siffra|tal)"
    r"|andra (\w+ )?(till|pa)|ga tillbaka|backa|forra fragan|foregaende fraga"
    r"|i meant|meant to (say|write)|typo|mistyped"
    r"|made a mistake|my mistake|(i|i ve) (said|wrote|typed) .{1,40} but|scratch that|correction"
    r"|(was|is|that s|that was|it s) wrong|wrong (number|answer|figure)|should have (said|written|been)"
    r"|not (?!sure|really|much|many|exactly|quite|very|that|so|too|a lot|yet|always)(\w+ ){1,3}but"
    r"|change (my |an |one |that |the |a )?(previous |earlier |last )?(answer|reply|number|figure)"
    r"|^change (it|that)"
    r"|go back|previous question|last question|earlier answer)")
# Words that open an answer as often as a correction ("actually, yes", "I mean, we're open all
# year"): a correction when the message holds no answer to the question asked, or gives a number
# ("actually the turnover was 3 million" while the articles are asked).
LOOSE_CORRECTION = re.compile(r"^((oh|no|sorry|wait|and|but|hmm) )*(actually|i mean)\b")
# "12 km, inte 21", "12 km, not 21": the new value first, the old one after "inte" at the end.
# ("nej, inte än", "ja, inte alls dåligt": a word of time or degree after "inte" is no old value.)
NOT_THE_OLD_VALUE = re.compile(r",\s*(och\s+)?inte\s+(?!(än|ännu|an|annu|nu|alls|riktigt|direkt|så|sa|heller"
                               r"|längre|langre|just|helt|säkert|sakert|ofta|alltid|mycket"
                               r"|i (nuläget|nulaget|dagsläget|dagslaget|år|ar)|för (tillfället|tillfallet)"
                               r"|på (länge|lange))\b)[\w ,.]{1,25}$"
                               r"|,\s*(and\s+)?not\s+\d[\w ,.]{0,24}$", re.IGNORECASE)
# Intents that, when no value of the kind asked can be read, say what the message is for.
REQUEST_INTENTS = {"talk_to_person": Role.PERSON, "start_over": Role.RESTART, "prepare_draft": Role.REQUEST,
                   "explain_result": Role.REQUEST, "call_again": Role.REQUEST}
QUESTION_INTENTS = {"bot_challenge", "out_of_scope"}
# "jag vill ändra något" asks to change an answer; a guessed "correct" without a fact in it
# ("det vet väl alla som bor här") corrects nothing, so it is not taken for one.
CORRECTION_INTENTS = {"change"}


def folded(text: str) -> str:
    """Lowercase words without diacritics or punctuation: "Varför?" → "varfor"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.findall(r"\w+", plain))


def asks(text: str, holds_value: bool) -> bool:
    """A question, by its words or its question mark; a value of the kind asked, said
    without a question mark and without words that always ask, makes it an answer."""
    words = folded(text)
    if QUESTION_PHRASES.search(words):
        return True
    # The last clause asks: "vi har knappt 900 artiklar, räcker det?"
    last_clause = folded(re.split(r"[,.;:!]", text.rstrip(" ?"))[-1])
    first, last_first = (clause.split(" ", 1)[0] if clause else "" for clause in (words, last_clause))
    ends_asking = text.rstrip().endswith("?")
    if ends_asking and last_first in QUESTION_STARTS | STATEMENT_OR_QUESTION_STARTS:
        return True
    if first in QUESTION_STARTS:
        return True
    if holds_value:
        return False
    return ends_asking or first in STATEMENT_OR_QUESTION_STARTS


def role_of(text: str, holds_value: bool) -> Role:
    """What the message does while a question waits, by its own words. `holds_value`: the
    understanding layer reads a value of the kind asked from it."""
    words = folded(text)
    for pattern, role in ((PERSON, Role.PERSON), (RESTART, Role.RESTART)):
        if pattern.search(words):
            return role
    if CORRECTION.search(words) or NOT_THE_OLD_VALUE.search(text.strip()):
        return Role.CORRECTION
    # "Jag måste gå, kan jag fortsätta i morgon?" pauses; "tror det, måste kolla charken" answers.
    if PAUSE.search(words) and not holds_value:
        return Role.PAUSE
    if asks(text, holds_value):
        return Role.QUESTION
    if LOOSE_CORRECTION.search(words) and (not holds_value or re.search(r"\d", text)):
        return Role.CORRECTION
    return Role.ANSWER if holds_value else Role.OTHER


def role_by_intent(intent: str | None, holds_any_quantity: bool) -> Role:
    """For a message whose words say nothing of the kind and that gives no fact: what the
    intent model makes of it. A message with a number in it asks for nobody ("150
    personer", "nio miljoner kronor"), whatever the model's guess."""
    if holds_any_quantity:
        return Role.OTHER
    if intent in REQUEST_INTENTS:
        return REQUEST_INTENTS[intent]
    if intent in CORRECTION_INTENTS:
        return Role.CORRECTION
    if intent and (intent.startswith("faq_") or intent in QUESTION_INTENTS):
        return Role.QUESTION
    return Role.OTHER
