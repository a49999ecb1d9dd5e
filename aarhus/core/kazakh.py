"""Kazakh case endings: a word or a phrase put in the case a sentence needs.

Kazakh suffixes follow the word's last vowel (back а о ұ ы, front ә ө ү і е) and its
last sound (a vowel; л р у й з ж; the nasals м н ң; a voiceless consonant). A phrase is
inflected on its last word. A phrase of two or more words whose last word ends in -ы/-і is
an izafet ("Алматы қаласы", "… министрлігі", "… әкімдігі"): its third-person possessive
takes the pronominal н (қаласына, министрлігінде, әкімдігінен, облысын).

    >>> inflect("желтоқсан", "ablative")
    'желтоқсаннан'
    >>> inflect("Алматы қаласының әкімдігі", "dative")
    'Алматы қаласының әкімдігіне'
"""

from __future__ import annotations

import re

CASES = ("nominative", "genitive", "dative", "accusative", "locative", "ablative")

_BACK = set("аоұыяю")
_FRONT = set("әөүіеэё")
_VOWELS = _BACK | _FRONT | set("иу")
_SONORANTS = set("лрйуизж")  # л р й у (и = ий) and the voiced з ж
_NASALS = set("мнң")
# Voiceless consonants, and б в г д, which are voiceless at the end of a word (клубқа, заводқа).
_VOICELESS = set("кқпстфхцчшщһбвгд")

# (back, front) forms per case and last-sound class.
_SUFFIXES = {
    "genitive": {"vowel": ("ның", "нің"), "sonorant": ("дың", "дің"), "nasal": ("ның", "нің"),
                 "voiceless": ("тың", "тің")},
    "dative": {"vowel": ("ға", "ге"), "sonorant": ("ға", "ге"), "nasal": ("ға", "ге"),
               "voiceless": ("қа", "ке")},
    "accusative": {"vowel": ("ны", "ні"), "sonorant": ("ды", "ді"), "nasal": ("ды", "ді"),
                   "voiceless": ("ты", "ті")},
    "locative": {"vowel": ("да", "де"), "sonorant": ("да", "де"), "nasal": ("да", "де"),
                 "voiceless": ("та", "те")},
    "ablative": {"vowel": ("дан", "ден"), "sonorant": ("дан", "ден"), "nasal": ("нан", "нен"),
                 "voiceless": ("тан", "тен")},
}
# After the third-person possessive (-ы/-і, -сы/-сі) the pronominal н comes in.
_POSSESSIVE = {"genitive": ("ның", "нің"), "dative": ("на", "не"), "accusative": ("н", "н"),
               "locative": ("нда", "нде"), "ablative": ("нан", "нен")}

# How numerals are read: the last non-zero group decides the ending (2026 → "алты", 2020 → "жиырма").
_UNITS = {"1": "бір", "2": "екі", "3": "үш", "4": "төрт", "5": "бес", "6": "алты", "7": "жеті",
          "8": "сегіз", "9": "тоғыз"}
_TENS = {"1": "он", "2": "жиырма", "3": "отыз", "4": "қырық", "5": "елу", "6": "алпыс", "7": "жетпіс",
         "8": "сексен", "9": "тоқсан"}
# How letters of an abbreviation are read when it ends in a consonant letter (ҚР → "эр", РМК → "ка").
_LETTER_NAMES = {"б": "бе", "в": "ве", "г": "ге", "ғ": "ға", "д": "де", "ж": "же", "з": "зе", "й": "ий",
                 "к": "ка", "қ": "қа", "л": "эл", "м": "эм", "н": "эн", "ң": "ң", "п": "пе", "р": "эр",
                 "с": "эс", "т": "те", "ф": "эф", "х": "ха", "һ": "һа", "ц": "це", "ч": "че", "ш": "ша",
                 "щ": "ща"}
_WORD = re.compile(r"[0-9A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]+")


def inflect(phrase: str, case: str, *, possessive: bool | None = None) -> str:
    """``phrase`` in ``case``; ``possessive`` forces (or forbids) the izafet ending, else it is guessed."""
    if case not in CASES:
        raise ValueError(f"unknown case {case!r}; one of {', '.join(CASES)}")
    if case == "nominative" or not phrase.strip():
        return phrase
    words = list(_WORD.finditer(phrase))
    if not words:
        return phrase
    last = words[-1]
    head, word, tail = phrase[:last.start()], last.group(), phrase[last.end():]
    if tail.strip():  # a closing quote or bracket after the word: the ending goes after it.
        return phrase.rstrip() + "-" + _suffix(_spoken(word), case, False)
    if possessive is None:
        possessive = _looks_possessive(word) and len(words) > 1
    spoken = _spoken(word)
    # Numbers, codes and abbreviations take the ending after a hyphen: 2026-ға, БАҚ-қа.
    joiner = "-" if spoken != word.lower() or (len(word) > 1 and word.isupper()) else ""
    return head + word + tail + joiner + _suffix(spoken, case, possessive)


def _looks_possessive(word: str) -> bool:
    """An izafet's head ends in -ы/-і; agent nouns in -шы/-ші (иеленуші, пайдаланушы) do not count."""
    lowered = word.lower()
    return lowered[-1:] in ("ы", "і") and not lowered.endswith(("шы", "ші"))


def _spoken(word: str) -> str:
    """The word as it is pronounced at its end: numerals and abbreviations read aloud."""
    if word.isdigit():
        return _numeral(word)
    if not re.search("[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]", word):
        return "а" if word[-1:].isalpha() else word  # Latin letters or codes: read with a back vowel.
    lowered = word.lower()
    if len(word) > 1 and word.isupper() and lowered[-1] not in _VOWELS and not _has_vowel(lowered):
        return lowered[:-1] + _LETTER_NAMES.get(lowered[-1], lowered[-1])
    return lowered


def _has_vowel(word: str) -> bool:
    return any(ch in _VOWELS for ch in word)


def _numeral(digits: str) -> str:
    """The last spoken word of a number: 12 → "екі", 2020 → "жиырма", 100 → "жүз", 3000 → "мың"."""
    stripped = digits.lstrip("0") or "0"
    if stripped == "0":
        return "нөл"
    if stripped[-1] != "0":
        return _UNITS[stripped[-1]]
    if len(stripped) >= 2 and stripped[-2] != "0":
        return _TENS[stripped[-2]]
    if len(stripped) >= 3 and stripped[-3] != "0":
        return "жүз"
    return "мың"


def _suffix(word: str, case: str, possessive: bool) -> str:
    front = _is_front(word)
    if possessive:
        return _POSSESSIVE[case][front]
    return _SUFFIXES[case][_sound_class(word)][front]


def _is_front(word: str) -> bool:
    """Vowel harmony: the last clearly back or front vowel decides (и and у are neutral)."""
    for ch in reversed(word):
        if ch in _FRONT:
            return True
        if ch in _BACK:
            return False
    return False


def _sound_class(word: str) -> str:
    last = word[-1]
    if last in _NASALS:
        return "nasal"
    if last in _SONORANTS:
        return "sonorant"
    if last in _VOICELESS:
        return "voiceless"
    return "vowel" if last in _VOWELS else "sonorant"
