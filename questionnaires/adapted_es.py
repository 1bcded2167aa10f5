"""Our own Spanish wording of the check-in instruments: the adapted English put into plain
Spanish ("usted", gender-neutral where Spanish allows), item for item and answer for answer.

These words were written for this project from our English adaptation
(``questionnaires.instruments``); they are not the published Spanish translations of any
instrument, which a practice may supply as a wording file with ``"language": "es"``
(docs/instrument-wording.md). ``questionnaires.instruments`` builds the Spanish instruments
from these words and refuses them unless they match the English item for item.

Each entry: the title, the instructions, each item's text in order, and the labels of the
labelled answers in the order of the English answer options (empty when the items are
plain 0 to 10 ratings or yes/no questions).
"""

from typing import NamedTuple


class SpanishWords(NamedTuple):
    title: str
    intro: str
    items: tuple[str, ...]
    answers: tuple[str, ...] = ()


_LAST_TWO_WEEKS = (
    "En las últimas dos semanas, ¿con qué frecuencia le ha pasado cada una de estas cosas?"
)
_HOW_OFTEN = ("Nunca", "Algunos días", "En más de la mitad de los días", "Casi a diario")

WORDS: dict[str, SpanishWords] = {
    "peg": SpanishWords(
        "El dolor y cómo le afecta (PEG)",
        "Piense en la última semana.",
        (
            "Su dolor en promedio, de 0 (nada de dolor) a 10 (el peor dolor que pueda imaginar)",
            "Cuánto le impidió el dolor disfrutar de la vida, de 0 (nada) a 10 (por completo)",
            "Cuánto le impidió el dolor hacer sus actividades del día a día, de 0 (nada) "
            "a 10 (por completo)",
        ),
    ),
    "phq9": SpanishWords(
        "Estado de ánimo (PHQ-9)",
        _LAST_TWO_WEEKS,
        (
            "Poco interés o poco gusto por las cosas que normalmente le agradan",
            "Sentir tristeza, desánimo o desesperanza",
            "Dormir mal, o dormir muchísimo más de lo normal",
            "Sentir cansancio o falta de energía",
            "Comer mucho menos, o mucho más, de lo habitual",
            "Sentirse mal consigo, o sentir que ha defraudado a otras personas o a usted",
            "Tener dificultad para concentrarse, por ejemplo al leer o al ver la televisión",
            "Moverse o hablar tan despacio que otras personas pudieran notarlo, o sentir tanta "
            "inquietud que no podía dejar de moverse",
            "Pensar que sería mejor morirse, o pensar en hacerse daño",
        ),
        _HOW_OFTEN,
    ),
    "gad7": SpanishWords(
        "Preocupación y ansiedad (GAD-7)",
        _LAST_TWO_WEEKS,
        (
            "Sentir nerviosismo, tensión o tener los nervios de punta",
            "No poder dejar de preocuparse, ni mantener la preocupación bajo control",
            "Preocuparse demasiado por muchas cosas distintas",
            "Tener dificultad para relajarse",
            "Sentir tanta inquietud que le cuesta no moverse",
            "Molestarse o irritarse con facilidad",
            "Sentir miedo de que algo terrible pudiera pasar",
        ),
        _HOW_OFTEN,
    ),
    "pc_ptsd5": SpanishWords(
        "Después de una experiencia aterradora (PC-PTSD-5)",
        "Algunas personas viven algo aterrador, horrible o traumático. En el último mes, a "
        "causa de una experiencia así:",
        (
            "¿Tuvo pesadillas sobre ello, o pensó en ello cuando no quería?",
            "¿Se esforzó mucho por no pensar en ello, o se alejó de lo que se lo recuerda?",
            "¿Estuvo en alerta constante, vigilando, o se sobresaltaba con facilidad?",
            "¿Sintió sus emociones como apagadas, o una desconexión de las personas, de sus "
            "actividades o de lo que le rodea?",
            "¿Sintió culpa, o no pudo dejar de culparse a usted o a otras personas por lo "
            "ocurrido o por lo que vino después?",
        ),
    ),
    "pcl5": SpanishWords(
        "Vivir con un trauma del pasado (PCL-5)",
        "Piense en la experiencia más angustiosa que le trae aquí. En el último mes, ¿cuánto "
        "le ha afectado cada una de estas cosas?",
        (
            "Recuerdos angustiosos de lo que pasó que vuelven sin que usted quiera",
            "Malos sueños sobre lo que pasó, una y otra vez",
            "Momentos en que sintió como si estuviera pasando de nuevo y usted estuviera otra "
            "vez allí",
            "Angustiarse mucho cuando algo se lo hizo recordar",
            "Reacciones fuertes de su cuerpo al recordarlo, como el corazón acelerado, sudor "
            "o falta de aire",
            "Apartar los recuerdos, pensamientos o sentimientos sobre lo que pasó",
            "Hacer todo lo posible por evitar lo que se lo recuerde, como ciertos lugares o "
            "personas",
            "No poder recordar partes importantes de lo que pasó",
            "Creencias duras sobre usted, los demás o el mundo, por ejemplo que usted no tiene "
            "arreglo o que ningún lugar es seguro",
            "Culparse a usted, o culpar a otra persona, por lo ocurrido o por sus consecuencias",
            "Sentir un miedo, un pavor, un enojo, una culpa o una vergüenza que le dominan",
            "Perder el interés por cosas que antes le gustaba hacer",
            "Sentir distancia con las personas que le rodean",
            "No poder sentir alegría, ni cariño hacia las personas que quiere",
            "Perder los estribos, estallar contra otros o actuar con agresividad",
            "Hacer cosas imprudentes o peligrosas que podrían causarle daño",
            "Estar siempre en alerta ante el peligro",
            "Sobresaltarse con facilidad ante ruidos o movimientos repentinos",
            "Tener dificultad para mantener la mente en una tarea",
            "Dificultad para dormirse, o despertarse y no poder volver a dormir",
        ),
        ("Nada", "Un poco", "Moderadamente", "Bastante", "Muchísimo"),
    ),
    "pain_now": SpanishWords(
        "Dolor en este momento",
        "Elija el número que corresponde a su dolor en este momento.",
        ("Su dolor en este momento, de 0 (nada de dolor) a 10 (el peor dolor que pueda imaginar)",),
    ),
}
"""Our Spanish words of every check-in instrument, by instrument code."""
