"""Arabic and English stop words, stored in normalised form."""

from __future__ import annotations


def _words(block: str) -> tuple[str, ...]:
    return tuple(block.split())


# Written the way people write them; normalised once at import by normalize.py, so «إلى»,
# «الى» and «إلي» are all one entry. Note that after normalisation «على» and the name «علي»
# are the same string: the preposition is far more frequent, so it stays a stop word.
ARABIC_STOP_WORDS = _words(
    """
في من على إلى الى عن أن إن ان ما لا لم لن هذا هذه هذان هؤلاء التي الذي الذين اللذين
اللتين اللواتي ذلك تلك هناك هنا كان كانت يكون تكون كانوا قد مع بين بعد قبل حتى ثم أو أم
و ف ب ل ك بل لكن لقد كما كل أي إذا اذا إذ عند عندما منذ خلال حول ضد دون غير بعض كلا
كذلك أيضا أيضاً فقط هو هي هم هن هما أنا نحن أنت أنتم له لها لهم به بها بهم منه منها
فيه فيها عليه عليها إليه عليهم فيما بينما حيث لدى لدي أنه أنها إنه إنها وهو وهي وقد وفي
ومن وعلى وإلى وعن وأن وإن ولا وما وكان وكانت ولم ولن فقد فإن كانا يا ليس ليست سوى
مثل نحو عدة عبر ضمن وفق وفقا إلا الا أما إما لو لولا كي لكي هل متى أين كيف لماذا
"""
)

ENGLISH_STOP_WORDS = _words(
    """
a an the and or but nor of to in on at by for with from into onto over under about as
is are was were be been being am do does did have has had having it its this that these
those there here he she they them his her their we us our you your i me my not no so if
than then too very can could will would shall should may might must also just only
which who whom whose what when where why how all any both each few more most other some
such own same up down out off again once after before while until s t
"""
)
