"""English words and phrases, each with the Swedish words the Swedish reader knows for it.

Keys are folded (lower case, no diacritics, see swedish_quantities.text.fold) and split on
the tokens of english_quantities.rewrite; values are what the Swedish reader should see. Words
not listed are passed on as written, so Swedish words inside English ("kronor", "mil",
"byaförening", place names) keep working. The longest phrase wins: "not sure" before "not".

Some entries are there less to translate than to keep an English word from being read as the
Swedish word it is spelt like: "to" (the day abbreviation "to", Thursday), "so" (Sunday),
"are" (the municipality Åre), "kinda" (Kinda), "I" and "a" (the Swedish "i" and "à").
"""

NUMBERS = {
    "zero": "noll", "nought": "noll", "one": "ett", "two": "två", "three": "tre", "four": "fyra",
    "five": "fem", "six": "sex", "seven": "sju", "eight": "åtta", "nine": "nio", "ten": "tio",
    "eleven": "elva", "twelve": "tolv", "thirteen": "tretton", "fourteen": "fjorton",
    "fifteen": "femton", "sixteen": "sexton", "seventeen": "sjutton", "eighteen": "arton",
    "nineteen": "nitton", "twenty": "tjugo", "thirty": "trettio", "forty": "fyrtio",
    "fourty": "fyrtio", "fifty": "femtio", "sixty": "sextio", "seventy": "sjuttio",
    "eighty": "åttio", "ninety": "nittio",
}
# The hours said in words ("nine pm", "half past nine"); the first nine are also the ones
# that join a ten with a hyphen ("twenty-five").
HOUR_WORDS = {word: hour for hour, word in enumerate(
    ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
     "twelve"), start=1)}
TENS = {"twenty", "thirty", "forty", "fourty", "fifty", "sixty", "seventy", "eighty", "ninety"}
SCALES = {
    "hundred": "hundra", "thousand": "tusen", "thousands": "tusen", "million": "miljoner",
    "millions": "miljoner", "billion": "miljarder", "billions": "miljarder",
    # Abbreviations that only scale a number written before them ("2.5 mn", "50 grand").
    "mn": "milj", "mln": "milj", "bn": "miljarder", "grand": "k",
}
# An "and" between these and a number after them is no Swedish "och": "two hundred and fifty".
AND_INSIDE_AFTER = {"hundred", "thousand"}

# "Swedish miles", "Scandinavian mile": the mil of 10 km, not the English mile.
MIL_COUNTRIES = ("swedish", "scandinavian", "norwegian")

PHRASES = {
    # ------------------------------------------------------------------ parts of numbers
    "and a half": "och en halv", "half a": "en halv", "half an": "en halv", "half": "halv",
    "a quarter of a": "en kvarts", "quarter of a": "en kvarts", "a quarter": "en kvarts",
    "three quarters of a": "tre kvarts", "a couple of": "ett par", "a couple": "ett par",
    "couple of": "ett par", "a few": "några", "several": "några", "a dozen": "tolv",
    "one dozen": "tolv", "half a dozen": "sex", "point": "komma",
    "million and a half": "och en halv miljoner", "mile and a half": "och en halv mil",
    # ------------------------------------------------------------------ hedges
    "about": "ungefär", "around": "runt", "round about": "runt", "roughly": "ungefär",
    "approximately": "cirka", "approx": "cirka", "circa": "cirka", "c .": "ca",
    "c : a": "c:a", "somewhere around": "runt", "something like": "typ", "kinda": "typ",
    "in the region of": "runt", "in the range of": "runt", "give or take": "ungefär", "or so": "eller så",
    "or something": "eller nåt", "- ish": "ish", "maybe": "kanske", "perhaps": "kanske",
    "possibly": "kanske", "probably": "kanske", "i think": "kanske", "i guess": "kanske",
    "i'd say": "kanske", "i would say": "kanske", "i reckon": "kanske", "say": "säg",
    # "just under 11 million": the figure, flagged as a little under it (CONFIRM_BELOW/ABOVE).
    "just under": "knappt", "a bit under": "knappt", "a little under": "knappt",
    "slightly under": "knappt", "just below": "knappt", "just short of": "knappt",
    "not quite": "knappt", "almost": "nästan", "nearly": "nästan", "close to": "nästan",
    "just over": "drygt", "a bit over": "drygt", "a little over": "drygt",
    "slightly over": "drygt", "just above": "drygt", "a bit more than": "drygt",
    "a little more than": "drygt", "slightly more than": "drygt", "over": "över",
    "above": "över", "more than": "mer än", "below": "under", "less than": "mindre än",
    "up to": "uppemot", "at least": "minst",
    # ------------------------------------------------------------------ ranges and links
    "between": "mellan", "to": "till", "till": "till", "until": "till", "til": "till",
    "through": "till", "thru": "till", "from": "från", "and": "och", "on": "på", "for": "för",
    "except": "utom", "apart from": "utom", "but": "men", "so": "så", "i": "jag", "we": "vi",
    "are": "är", "we're": "vi är", "we are": "vi är", "a": "en", "an": "en",
    # ------------------------------------------------------------------ money
    "kronor": "kronor", "crowns": "kronor", "crown": "kronor", "swedish kronor": "kronor",
    "swedish crowns": "kronor", "turnover": "omsättningen", "sales": "försäljningen",
    "revenue": "intäkterna", "income": "intäkterna", "cost": "kostnaden", "costs": "kostnaden",
    "investment": "investeringen", "profit": "vinsten", "amount": "beloppet",
    "in total": "totalt", "total": "totalt", "altogether": "sammanlagt", "including": "inklusive",
    "incl": "inkl", "excluding": "exklusive", "excl": "exkl", "ex": "exkl", "of which": "varav",
    "vat": "moms", "fuel": "drivmedel", "petrol": "bensin", "gas": "bensin",
    # ------------------------------------------------------------------ distances
    "kms": "km", "kilometres": "km", "kilometers": "km", "kilometre": "km", "kilometer": "km",
    "metres": "meter", "meters": "meter", "metre": "meter",
    # The Swedish mil of 10 km named in English (english.yml: "mil", "Swedish mile(s)" or
    # "Scandinavian mile(s)" is 10 km); the English mile is ENGLISH_MILES below.
    **{f"{country} {unit}": "mil" for country in MIL_COUNTRIES for unit in ("mile", "miles", "mil")},
    "distance": "avståndet", "away": "bort", "from here": "härifrån", "nearest": "närmaste",
    "closest": "närmaste", "far": "långt", "as the crow flies": "fågelvägen",
    # ------------------------------------------------------------------ counts and periods
    "items": "artiklar", "item": "artikel", "articles": "artiklar", "article": "artikel",
    "products": "produkter", "product": "produkt", "product lines": "artiklar", "skus": "sku",
    "goods": "varor", "different": "olika", "pieces": "st", "pcs": "st", "range": "sortimentet",
    "assortment": "sortimentet", "hours": "timmar", "hour": "timme", "hrs": "timmar",
    "hr": "timmar", "minutes": "minuter", "minute": "minuter", "mins": "minuter",
    "years": "år", "year": "år", "months": "månader", "month": "månad", "weeks": "veckor",
    "week": "vecka", "days": "dagar", "day": "dag", "times": "gånger", "time": "gång",
    "twice": "två gånger", "once": "en gång", "thrice": "tre gånger",
    "households": "hushåll", "household": "hushåll", "homes": "hushåll",
    "deliveries": "leveranser", "delivery": "leverans", "trips": "körningar",
    "runs": "körningar", "customers": "kunder", "employees": "anställda", "staff": "anställda",
    "people": "personer", "persons": "personer", "residents": "invånare",
    "inhabitants": "invånare", "shops": "butiker", "stores": "butiker", "pumps": "pumpar",
    "cars": "bilar", "users": "användare", "percent": "procent", "per cent": "procent",
    "litres": "liter", "liters": "liter", "sqm": "kvm", "square metres": "kvm",
    "square meters": "kvm",
    "a week": "i veckan", "per week": "per vecka", "each week": "varje vecka",
    "every week": "varje vecka", "weekly": "i veckan", "a year": "per år", "per year": "per år",
    "each year": "per år", "every year": "per år", "yearly": "årligen", "annually": "årligen",
    "per annum": "per år", "p . a .": "per år", "a month": "i månaden", "per month": "per månad",
    "monthly": "i månaden", "a day": "om dagen", "per day": "per dag",
    "never": "aldrig", "none": "inga", "nothing": "ingenting", "not once": "inte en enda gång",
    "no one": "ingen",
    # ------------------------------------------------------------------ opening hours
    "m - f": "måndag-fredag", "weekdays": "vardagar", "weekday": "vardagar", "on weekdays": "på vardagar",
    "working days": "vardagar", "weekends": "helger", "weekend": "helger",
    "at weekends": "på helger", "every day": "varje dag", "each day": "varje dag",
    "daily": "dagligen", "all week": "hela veckan", "every day of the week": "alla veckans dagar",
    "around the clock": "dygnet runt", "every other": "varannan", "every second": "varannan",
    "every": "varje", "each": "varje",
    "alternate": "varannan", "open": "öppet", "opens": "öppnar", "we open": "öppnar vi",
    "closes": "stänger", "we close": "stänger vi", "close": "stänger", "closed": "stängt",
    "shut": "stängt", "lunch break": "lunch", "o'clock": "", "noon": "12:00",
    "12 noon": "12:00", "midday": "12:00", "midnight": "24:00", "summer": "sommar",
    "summertime": "sommartid", "winter": "vinter", "season": "säsong",
    "opening hours": "öppettider", "opening times": "öppettider", "opening time": "öppettider",
    # ------------------------------------------------------------------ years
    "last year": "förra året", "this year": "i år", "the year before last": "i förrfjol",
    "since": "sedan", "started": "startade", "opened": "öppnade", "founded": "grundade",
    # "took over" without its "över", which before a number would say "more than".
    "took over": "tog", "taken over": "tog", "bought": "köpte", "built": "byggde",
    # ------------------------------------------------------------------ places
    "in": "i", "near": "nära", "outside": "utanför", "village": "byn", "the village": "byn",
    "village called": "byn", "village named": "byn", "village of": "byn", "village is": "byn",
    "the village is": "byn", "town called": "orten",
    "town named": "orten", "town of": "orten", "municipality": "kommun",
    "municipality of": "kommun", "council": "kommun",
    # ------------------------------------------------------------------ yes, no, don't know
    "yes": "ja", "yeah": "ja", "yea": "ja", "ya": "ja", "yep": "japp", "yup": "japp",
    "yes please": "ja tack", "yes thanks": "ja tack", "sure": "absolut",
    "of course": "självklart", "certainly": "självklart", "definitely": "självklart",
    "absolutely": "absolut", "indeed": "ja", "correct": "korrekt", "right": "rätt",
    "exactly": "exakt", "that's right": "det stämmer", "that's correct": "det stämmer",
    "that is right": "det stämmer", "that is correct": "det stämmer", "that's true": "det stämmer",
    "we do": "gör vi", "we have": "har vi",
    "nope": "nope", "nah": "nä", "no thanks": "nej tack", "no thank you": "nej tack",
    "not really": "inte riktigt", "not at all": "inte alls", "definitely not": "absolut inte",
    "certainly not": "absolut inte", "of course not": "absolut inte", "we don't": "det gör vi inte",
    "we dont": "det gör vi inte", "we do not": "det gör vi inte", "we don't have": "har vi inte",
    "we haven't": "har vi inte", "we have not": "har vi inte", "don't have": "har inte",
    "not": "inte", "don't": "inte", "dont": "inte", "doesn't": "inte", "isn't": "inte",
    "aren't": "inte", "wasn't": "inte", "haven't": "har inte", "hasn't": "har inte",
    "wrong": "fel", "incorrect": "inte korrekt", "that's wrong": "fel",
    "don't know": "vet inte", "dont know": "vet inte", "do not know": "vet inte",
    "i don't know": "vet inte", "i dont know": "vet inte", "i do not know": "vet inte",
    "dunno": "vet inte", "idk": "vet inte", "no idea": "ingen aning", "no clue": "ingen aning",
    "no idea at all": "ingen aning alls", "not sure": "inte säker", "i'm not sure": "inte säker",
    "unsure": "osäker", "uncertain": "osäker", "not certain": "inte säker",
    "can't remember": "minns inte", "cannot remember": "minns inte",
    "don't remember": "minns inte", "can't recall": "minns inte", "don't recall": "minns inte",
    "hard to say": "svårt att säga", "difficult to say": "svårt att säga",
    # A shop owner's soft no about the service plan is recorded as not known (corpus README).
    "not that i know of": "inte vad jag vet", "not as far as i know": "inte vad jag vet",
    "not to my knowledge": "inte vad jag vet",
    "i think so": "tror det", "i believe so": "tror det", "i guess so": "tror det",
    "i suppose so": "tror det", "think so": "tror det", "believe so": "tror det",
    "probably not": "tror inte det", "i don't think so": "tror inte det",
    "i dont think so": "tror inte det", "don't think so": "tror inte det",
    "i don't believe so": "tror inte det", "i doubt it": "tror inte det",
}

DAYS = {
    "monday": "måndag", "mon": "måndag", "tuesday": "tisdag", "tue": "tisdag", "tues": "tisdag",
    "wednesday": "onsdag", "wed": "onsdag", "thursday": "torsdag", "thu": "torsdag",
    "thur": "torsdag", "thurs": "torsdag", "friday": "fredag", "fri": "fredag",
    "saturday": "lördag", "sat": "lördag", "sunday": "söndag", "sun": "söndag",
}
PLURAL_DAYS = {f"{day}s": f"{swedish}ar" for day, swedish in DAYS.items() if day.endswith("day")}
MONTHS = {
    "january": "januari", "february": "februari", "march": "mars", "april": "april",
    "june": "juni", "july": "juli", "august": "augusti", "september": "september",
    "october": "oktober", "oct": "okt", "november": "november", "december": "december",
}
# "may" is a month only beside a day's number ("5 May", "May 5"); else the verb.
MAY = "maj"

# English miles (1.609344 km each): written as the Swedish mil for the Swedish reader, whose
# reading is then the other one the speaker may have meant (see english_quantities.miles).
ENGLISH_MILES = {"mile", "miles", "mi"}
# After a number, "mil" and "mill" are a million when the question asked for money ("4.2
# mil"; english.yml), and the Swedish mil of 10 km otherwise ("1.5 mil"). "m" is a million
# unless a distance was asked for ("500m").
MILLION_OR_MIL = {"mil", "mill"}
MILLION_OR_METRE = {"m"}
# What marks a time as before or after noon, as tokens ("p.m." is four: "p", ".", "m", ".").
AM = {("am",), ("a", ".", "m", "."), ("a", ".", "m"), ("in", "the", "morning")}
PM = {("pm",), ("p", ".", "m", "."), ("p", ".", "m"), ("in", "the", "afternoon"),
      ("in", "the", "evening"), ("at", "night")}
LONGEST_MARKER = 4
ORDINAL_ENDINGS = {"st", "nd", "rd", "th"}
# "half past nine" is 9.30, "quarter past nine" 9.15, "quarter to six" 5.45.
CLOCK_FRACTIONS = {("half", "past"): 30, ("quarter", "past"): 15, ("quarter", "to"): -15}
# "no" is "nej" before a pause or one of these; before anything else it is "inga" ("no fuel").
NO_AS_ANSWER_BEFORE = {"thanks", "thank", "we", "i", "it", "not", "that", "there", "never",
                       "sorry", "no", "nope"}
# Before a number only: "some 40 hours", "like 200 products".
HEDGES_BEFORE_A_NUMBER = {"some": "ca", "like": "typ"}
# "at 9" is a clock time ("kl 9"), "at Åsele" a place ("vid Åsele").
AT_A_TIME, AT_A_PLACE = "kl", "vid"
# After a number, "dozen" multiplies it: "two dozen" is "två x tolv", which the Swedish reader
# reads as the product 24.
TIMES_A_DOZEN = "x tolv"
