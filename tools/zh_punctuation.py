"""Full-width punctuation in Chinese text: ASCII , : ; ? ! ( ) next to Chinese become U+FF0C etc.

Chinese prose uses full-width marks; ASCII marks next to Chinese characters read
like a machine translation. This tool finds ASCII , : ; ? ! and ( ) next to a Chinese character
in Chinese text only — zh-CN prose cells of ``source/**/*.md``, the Chinese lines of the
hand-written markdown files in ``PLAIN_MARKDOWN`` (README, exercises/README.md, docs/, the
capstone rubric, deploy notes), ``zh-CN`` entries of the TOML
catalogues and question banks, and Python string literals that contain Chinese in
``crmlib/`` — and either reports them (``--check``) or fixes them in place.

Numbers (``1,000``), code spans, links and math are left alone.

Usage::

    python tools/zh_punctuation.py --check   # exit 1 and list the places
    python tools/zh_punctuation.py           # fix them
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CJK = r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’…—]"
HAN = r"[\u3400-\u9fff\uf900-\ufaff]"
# Written as escapes so that no editor or terminal can fold them back to ASCII.
FULL = {",": "\uff0c", ":": "\uff1a", ";": "\uff1b", "?": "\uff1f", "!": "\uff01"}
LPAREN, RPAREN = "\uff08", "\uff09"
FULL_MARKS = "".join(FULL.values()) + LPAREN + RPAREN
PROTECT = re.compile(r"(`[^`]*`|\$[^$]*\$|\]\([^)]*\)|https?://\S+|\{[a-z_0-9!:.,<>]*\})")


def _fix_plain(text: str, quotes: bool = True) -> str:
    # Parentheses first, as pairs, when touching or holding Chinese.
    def paren(m: re.Match) -> str:
        before, inner, after = m.group(1), m.group(2), m.group(3)
        # "P(alive)（...）" is function notation: an ASCII letter or digit right before "(" keeps it.
        if re.search(HAN, inner) or re.match(CJK, before or "") or (
                re.match(CJK, after or "") and not re.match(r"[A-Za-z0-9]", before or "")):
            return f"{before}{LPAREN}{inner}{RPAREN}{after}"
        return m.group(0)

    text = re.sub(r"(.?)\(([^()\n]*)\)(.?)", paren, text)
    # Straight double quotes around Chinese become curly ones (prose only: in code and TOML
    # strings a quote is syntax).
    if quotes:
            text = re.sub(rf'"([^"\n]*{HAN}[^"\n]*)"', "\u201c\\1\u201d", text)
    # Single marks: next to a Chinese character (or full-width mark) on either side.
    text = re.sub(rf"(?<={CJK})( ?)([,:;?!])( ?)", lambda m: FULL[m.group(2)], text)
    # ... also after Chinese in bold or italics: "**注意**:" -> full-width colon after the marker.
    text = re.sub(rf"(?<={CJK})(\*\*|\*|_)( ?)([,:;?!])( ?)", lambda m: m.group(1) + FULL[m.group(3)], text)
    text = re.sub(rf"( ?)([,:;?!])( ?)(?={HAN})", lambda m: FULL[m.group(2)], text)
    # ... after a percentage ("80%,B 类", "61%,ROI"): Chinese text has no ASCII mark there.
    text = re.sub(r"(?<=%)([,:;?!]) ?(?!\d)", lambda m: FULL[m.group(1)], text)
    # ... right after a link, code span, placeholder or bracket and before a word, with no space
    # between (in English a space always follows): "[概述](x.ipynb):CRM", "{low}];z = {z},p".
    # A colon between two placeholders or code spans ("{qid}:{field}") is an identifier: kept.
    text = re.sub(r"(?<=[\ue001\]])(,(?=[^\s\d])|;(?=\S)|:(?=[^\s\ue000]))", lambda m: FULL[m.group(1)], text)
    # Spaces around full-width marks are not used in Chinese typography.
    # ... but a space next to a Markdown table's "|" stays: "| 净推荐值（NPS） | Net ... |".
    text = re.sub(rf"(?<!\|) ([{FULL_MARKS}])", r"\1", text)
    text = re.sub(rf"([{FULL_MARKS}]) (?!\|)", r"\1", text)
    return text


def fix_text(text: str, quotes: bool = True) -> str:
    """Fix one piece of Chinese text, leaving code spans, links, math and placeholders alone.

    Examples
    --------
    >>> fix_text("学完本章,你应当能够:") == "学完本章\\uff0c你应当能够\\uff1a"
    True
    >>> fix_text("管理(CRM)是 1,000 位客户的事, 见 `t(1, 2)` 与 [第 1 章](x/y.ipynb)") == (
    ...     "管理\\uff08CRM\\uff09是 1,000 位客户的事\\uff0c见 `t(1, 2)` 与 [第 1 章](x/y.ipynb)")
    True
    >>> fix_text("拥护者({share});") == "拥护者\\uff08{share}\\uff09\\uff1b"
    True
    >>> fix_text("**注意**: 看") == "**注意**\\uff1a看"
    True
    >>> fix_text("Vc = Fc − Cc (a, b)")
    'Vc = Fc − Cc (a, b)'
    >>> fix_text("[客户关系管理概述](ch1.ipynb):CRM 的定义；A 类到 80%,B 类到 95%") == (
    ...     "[客户关系管理概述](ch1.ipynb)\uff1aCRM 的定义；A 类到 80%\uff0cB 类到 95%")
    True
    >>> fix_text("[客户分类](ch3.ipynb):80/20、ABC") == "[客户分类](ch3.ipynb)\uff1a80/20、ABC"
    True
    >>> fix_text("区间 [{low}, {high}];z = {z},p = {p}") == "区间 [{low}, {high}]\uff1bz = {z}\uff0cp = {p}"
    True
    >>> fix_text("题目 {qid}:{field} 缺少；P(alive)（概率）") == "题目 {qid}:{field} 缺少；P(alive)（概率）"
    True
    >>> fix_text("| 净推荐值（NPS） | Net Promoter Score |")
    '| 净推荐值\uff08NPS\uff09 | Net Promoter Score |'
    """
    kept: list[str] = []

    def hide(m: re.Match) -> str:
        kept.append(m.group(0))
        return f"\ue000{len(kept) - 1}\ue001"

    hidden = PROTECT.sub(hide, text)
    fixed = _fix_plain(hidden, quotes)
    for _ in range(5):  # one change can expose another (a comma after a converted parenthesis)
        again = _fix_plain(fixed, quotes)
        if again == fixed:
            break
        fixed = again
    return re.sub("\ue000(\\d+)\ue001", lambda m: kept[int(m.group(1))], fixed)


def fix_markdown_source(text: str) -> str:
    """Fix zh-CN prose cells and ``"zh-CN": "..."`` strings in a MyST source."""
    lines = text.split("\n")
    out, in_zh, in_fence = [], False, False
    for line in lines:
        if line.startswith("+++"):
            in_zh = '"lang": "zh-CN"' in line
            out.append(line)
            continue
        if line.startswith("```"):
            in_fence = not in_fence
            if line.startswith("```{code-cell}"):
                in_zh = False
            out.append(line)
            continue
        if in_zh and not in_fence:
            out.append(fix_text(line))
        else:
            out.append(fix_zh_strings(line))
    return "\n".join(out)


ZH_STRING = re.compile(r'((?:"zh-CN"|zh-CN|"zh")\s*[:=]\s*)"((?:[^"\\]|\\.)*)"')


def fix_zh_strings(text: str) -> str:
    """Fix every ``zh-CN = "..."`` (TOML) or ``"zh-CN": "..."`` (Python) string."""
    return ZH_STRING.sub(lambda m: f'{m.group(1)}"{fix_text(m.group(2), quotes=False)}"', text)


def fix_python(text: str) -> str:
    """Fix string literals that contain Chinese characters in Python code."""
    tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    lines = text.splitlines(keepends=True)
    edits = []
    for tok in tokens:
        if tok.type != tokenize.STRING or not re.search(HAN, tok.string):
            continue
        prefix = re.match(r"[A-Za-z]*", tok.string).group(0)
        body = tok.string[len(prefix):]
        if "f" in prefix.lower() or "r" in prefix.lower() or body[:3] in ('"""', "'''"):
            continue  # f-strings, raw strings (regular expressions) and docstrings are left alone
        if re.search(r"[|\\^$]|\(\?", body):
            continue  # looks like a regular expression or a format: leave it
        new = prefix + body[0] + fix_text(body[1:-1], quotes=False) + body[-1]
        if new != tok.string:
            edits.append((tok.start, tok.end, new))
    for (sr, sc), (er, ec), new in reversed(edits):
        if sr != er:
            continue
        line = lines[sr - 1]
        lines[sr - 1] = line[:sc] + new + line[ec:]
    return "".join(lines)


def _mostly_chinese(line: str) -> bool:
    """A line of Chinese prose (more Chinese characters than ASCII letters), not English with a
    Chinese name in it: ``bilingual (简体中文 / English)`` keeps its ASCII parentheses."""
    return len(re.findall(HAN, line)) > len(re.findall(r"[A-Za-z]", line))


def fix_plain_markdown(text: str) -> str:
    r"""Fix the lines that hold Chinese in a hand-written markdown file (outside code fences).

    >>> fix_plain_markdown("每个练习本(`x.ipynb`)由小题组成:\n```\na(b):c\n```\nEnglish (中文): yes")
    '每个练习本（`x.ipynb`）由小题组成：\n```\na(b):c\n```\nEnglish (中文): yes'
    """
    out, in_fence = [], False
    for line in text.split("\n"):
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
            out.append(line)
        elif not in_fence and _mostly_chinese(line):
            out.append(fix_text(line))
        else:
            out.append(line)
    return "\n".join(out)


# Hand-written markdown outside source/ that learners or instructors read in Chinese.
PLAIN_MARKDOWN = ("README.md", "exercises/README.md", "docs/*.md", "capstone/rubric_zh-CN.md",
                  "deploy/**/*.md", "benchmarks/README.md")


def targets() -> list[tuple[Path, callable]]:
    out = [(p, fix_markdown_source) for p in sorted((ROOT / "source").rglob("*.md"))]
    out += [(p, fix_plain_markdown) for pattern in PLAIN_MARKDOWN for p in sorted(ROOT.glob(pattern))]
    out += [(p, fix_zh_strings) for p in sorted((ROOT / "crmlib" / "i18n" / "locales").glob("*.toml"))]
    out += [(p, fix_zh_strings) for p in sorted((ROOT / "crmlib" / "course" / "questions").glob("*.toml"))]
    out += [(p, fix_python) for p in sorted((ROOT / "crmlib").rglob("*.py"))]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    changed = []
    for path, fixer in targets():
        text = path.read_text(encoding="utf-8")
        new = fixer(text)
        if new != text:
            changed.append(path)
            if not args.check:
                path.write_text(new, encoding="utf-8")
    for p in changed:
        print(("needs full-width punctuation: " if args.check else "fixed: ") + str(p.relative_to(ROOT)))
    return 1 if (args.check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
