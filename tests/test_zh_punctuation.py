"""Chinese text uses full-width punctuation (,:;?!()) next to Chinese characters.

ASCII marks beside Chinese read like machine output; `python tools/zh_punctuation.py` fixes
them in the sources, catalogues, question banks and crmlib strings."""

import doctest
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import zh_punctuation as zp  # noqa: E402


def test_the_fixer_works_on_known_cases():
    result = doctest.testmod(zp)
    assert result.attempted >= 4 and result.failed == 0


def test_chinese_text_uses_full_width_punctuation():
    stale = []
    for path, fixer in zp.targets():
        text = path.read_text(encoding="utf-8")
        if fixer(text) != text:
            stale.append(str(path.relative_to(ROOT)))
    assert not stale, "run `python tools/zh_punctuation.py`, then `python course.py build`:\n" + "\n".join(stale)
