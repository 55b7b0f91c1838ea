"""The language catalogue: every key in both languages, placeholders that agree, no key used
in code or notebook sources that the catalogue lacks."""

import re
import string
from pathlib import Path

import pandas as pd
import pytest

from crmlib import i18n

ROOT = Path(__file__).resolve().parent.parent


def _fields(text: str) -> set[str]:
    return {name.split("!")[0].split(":")[0] for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_has_both_languages_and_the_same_placeholders():
    problems = []
    for key, entry in i18n.catalogue().items():
        for lang in i18n.LANGUAGES:
            if not entry.get(lang, "").strip():
                problems.append(f"{key}: no {lang} text")
        if all(lang in entry for lang in i18n.LANGUAGES):
            if _fields(entry["zh-CN"]) != _fields(entry["en"]):
                problems.append(f"{key}: placeholders differ {_fields(entry['zh-CN'])} vs {_fields(entry['en'])}")
        extra = set(entry) - set(i18n.LANGUAGES)
        if extra:
            problems.append(f"{key}: unknown language(s) {extra}")
    assert not problems, "\n".join(problems)


KEY_CALL = re.compile(r"""\b(?:t|_t|tr|crmlib\.t|i18n\.t)\(\s*f?["']([a-z0-9_]+(?:\.[A-Za-z0-9_{}]+)+)["']""")
KEY_ARG = re.compile(r"""\b(?:float_slider|int_slider|dropdown|labels|localize|_fail)\(\s*f?["']([a-z0-9_.{}]+)["']""")


def _used_keys() -> set[tuple[str, str]]:
    used = set()
    files = list((ROOT / "crmlib").rglob("*.py")) + list((ROOT / "source").rglob("*.md"))
    for path in files:
        text = path.read_text(encoding="utf-8")
        for m in KEY_CALL.finditer(text):
            used.add((m.group(1), str(path.relative_to(ROOT))))
    return used


def test_every_literal_key_used_in_code_exists():
    cat = i18n.catalogue()
    missing = []
    for key, where in sorted(_used_keys()):
        if key.count("{") != key.count("}"):
            continue  # an f-string with quotes inside its braces: too dynamic to check statically
        if "{" in key:  # an f-string key: check that some key has this shape
            pattern = re.compile("^" + re.sub(r"\\\{[^}]*\\\}", "[^.]+", re.escape(key)) + "$")
            if not any(pattern.match(k) for k in cat):
                missing.append(f"{key} (pattern) in {where}")
        elif key not in cat and not any(k.startswith(key + ".") for k in cat):
            missing.append(f"{key} in {where}")
    assert not missing, "keys used but not in the catalogue:\n" + "\n".join(missing)


def test_key_scanner_sees_real_keys():
    # Guard against a scanner that silently finds nothing.
    keys = {k for k, _ in _used_keys()}
    assert {"funnel.title", "retention.axis_year"} <= keys


def test_language_switch_and_errors():
    i18n.set_language("en")
    assert i18n.t("funnel.stage.advocate") == "Advocate"
    i18n.set_language("zh-CN")
    assert i18n.t("funnel.stage.advocate") == "拥护者"
    with pytest.raises(i18n.CatalogueError, match="no catalogue entry 'nope.nothing'"):
        i18n.t("nope.nothing")
    with pytest.raises(ValueError, match="language must be one of"):
        i18n.set_language("fr")


def test_localize_refuses_an_untranslated_header():
    with pytest.raises(i18n.CatalogueError, match="columns.not_a_header"):
        i18n.localize(pd.DataFrame({"not_a_header": [1]}))


# --- every catalogue key is used ------------------------------------------------------------

# Prefixes that code composes without writing them as a literal: ``localize(df)`` looks up
# ``columns.<column>`` by default. Keep this list explicit and small.
DYNAMIC_PREFIX_ALLOWANCE = {"columns"}

QUOTED_TOKEN = re.compile(r"""(?<=["'])[A-Za-z0-9_.]+(?=["'])""")
# An f-string whose literal start is a key prefix: f"funnel.stage.{name}", f'quiz.notice.{k}'.
KEY_FSTRING = re.compile(r"""\bf(["'])([a-z0-9_]+\.(?:(?!\1)[^\n])*?\{(?:(?!\1)[^\n])*)\1""")


def _key_usage_sources() -> str:
    files = [*(ROOT / "crmlib").rglob("*.py"), *(ROOT / "source").rglob("*.md"), *(ROOT / "tools").glob("*.py"), ROOT / "course.py"]
    return "\n".join(p.read_text(encoding="utf-8") for p in files)


def _unused_keys(keys, text: str) -> list[str]:
    """Keys that no scanned file uses literally, by f-string composition or under a literal prefix.

    A key counts as used when it appears as a quoted string (``t("funnel.title")``,
    ``float_slider("funnel.rate", ...)``); when it matches an f-string whose literal part starts
    with a key path (``t(f"funnel.stage.{name}")``, each ``{...}`` matching anything); or when a
    quoted string names its table (``labels("funnel.stage", names)``, ``localize(df, "rfm.col")``,
    ``_label("interaction.channel", c)``, ``"funnel.stage." + name``) or the table is in
    ``DYNAMIC_PREFIX_ALLOWANCE``. A one-word string (``"value"``) is not taken as a prefix: it
    would cover a whole locale file.
    """
    tokens = {tok.rstrip(".") for tok in QUOTED_TOKEN.findall(text)}
    patterns = []
    for m in KEY_FSTRING.finditer(text):
        body = m.group(2).replace("{{", "").replace("}}", "")
        parts = re.split(r"\{[^{}]*\}", body)
        patterns.append(re.compile("^" + ".+".join(re.escape(p) for p in parts) + "$"))
    prefixes = {tok for tok in tokens if "." in tok} | DYNAMIC_PREFIX_ALLOWANCE  # "funnel.stage", not "value"
    unused = []
    for key in keys:
        if key in tokens or any(p.match(key) for p in patterns):
            continue
        segments = key.split(".")
        if any(".".join(segments[:i]) in prefixes for i in range(1, len(segments))):
            continue
        unused.append(key)
    return sorted(unused)


def test_unused_key_scanner_sees_each_kind_of_use():
    text = """t("a.title"); t(f"a.stage.{name}"); labels("b.tier", xs); x = f'c.{k}.label'; "d.col." + c"""
    text += """; kind = "e"; t(f"{prefix}.{c}")"""  # a one-word string and an all-dynamic key cover nothing
    keys = ["a.title", "a.stage.x", "b.tier.top", "c.k1.label", "c.k1.help", "d.col.n", "columns.n", "a.other", "b.other", "e.x"]
    assert _unused_keys(keys, text) == ["a.other", "b.other", "c.k1.help", "e.x"]


def test_every_catalogue_key_is_used():
    unused = _unused_keys(i18n.catalogue(), _key_usage_sources())
    assert not unused, (
        f"{len(unused)} catalogue keys are used nowhere in crmlib/, source/, tools/ or course.py "
        "(delete them from crmlib/i18n/locales/, or add the prefix to DYNAMIC_PREFIX_ALLOWANCE "
        "if code composes them):\n" + "\n".join(unused)
    )


# --- the current language: set_language, the language() block, threads, tasks, kernels ---------


def test_language_block_restores_on_exit_and_on_exception():
    assert i18n.get_language() == "zh-CN"  # the root conftest's clean default
    with i18n.language("en") as lang:
        assert lang == "en" and i18n.t("common.customers") == "Customers"
    assert i18n.get_language() == "zh-CN"
    with pytest.raises(RuntimeError, match="boom"), i18n.language("en"):
        raise RuntimeError("boom")
    assert i18n.get_language() == "zh-CN"
    with pytest.raises(ValueError, match="language must be one of"), i18n.language("fr"):
        pass  # pragma: no cover
    assert i18n.get_language() == "zh-CN"


def test_language_blocks_nest():
    i18n.set_language("en")
    with i18n.language("zh"):
        assert i18n.get_language() == "zh-CN"
        with i18n.language("en"):
            assert i18n.t("common.customers") == "Customers"
        assert i18n.t("common.customers") == "客户"
    assert i18n.get_language() == "en"


def test_set_language_inside_a_block_takes_effect_and_stays_as_the_default():
    with i18n.language("en"):
        i18n.set_language("zh-CN")
        assert i18n.get_language() == "zh-CN"
    assert i18n.get_language() == "zh-CN"
    i18n.set_language("en")
    with i18n.language("zh-CN"):
        pass
    assert i18n.get_language() == "en"


def test_crmlib_exports_language():
    import crmlib

    assert "language" in crmlib.__all__ and crmlib.language is i18n.language


def test_language_blocks_in_threads_do_not_leak_into_each_other():
    import threading

    barrier = threading.Barrier(2)
    seen: dict[str, list[str]] = {}

    def work(lang: str) -> None:
        with i18n.language(lang):
            barrier.wait()  # both blocks are open at once
            seen[lang] = [i18n.get_language(), i18n.t("common.customers")]
            barrier.wait()
        seen[lang].append(i18n.get_language())  # back to the process default

    threads = [threading.Thread(target=work, args=(lang,)) for lang in ("en", "zh-CN")]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert seen == {"en": ["en", "Customers", "zh-CN"], "zh-CN": ["zh-CN", "客户", "zh-CN"]}
    assert i18n.get_language() == "zh-CN"


def test_a_thread_without_a_block_sees_the_process_default():
    import threading

    i18n.set_language("en")
    seen = []
    with i18n.language("zh-CN"):  # this thread's block; the new thread starts without it
        th = threading.Thread(target=lambda: seen.append(i18n.get_language()))
        th.start()
        th.join()
    assert seen == ["en"]


def test_language_blocks_in_asyncio_tasks_do_not_leak_into_each_other():
    import asyncio

    async def work(lang: str) -> tuple[str, str]:
        with i18n.language(lang):
            await asyncio.sleep(0.01)  # the other task runs its block meanwhile
            return i18n.get_language(), i18n.t("common.customers")

    async def main():
        return await asyncio.gather(work("en"), work("zh-CN"), work("en"))

    # In a thread of its own: a Playwright fixture of another test in this worker may have left an
    # event loop running in the main thread, where asyncio.run() refuses to start.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        result = pool.submit(asyncio.run, main()).result()
    assert result == [("en", "Customers"), ("zh-CN", "客户"), ("en", "Customers")]
    assert i18n.get_language() == "zh-CN"


def test_language_set_in_one_notebook_cell_holds_in_later_cells():
    # A real ipykernel: cells run one after another, some as asyncio tasks in a copy of the
    # context (a cell with top-level await), threads start with an empty context. The language
    # crmlib.setup() chose must hold in all of them (see the crmlib.i18n module docstring).
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name="python3", startup_timeout=60)

    def run(code: str) -> str:
        msg_id = kc.execute(code)
        out = []
        while True:
            msg = kc.get_iopub_msg(timeout=60)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                out.append(msg["content"]["text"])
            elif msg["msg_type"] == "error":
                raise AssertionError(f"{msg['content']['ename']}: {msg['content']['evalue']}")
            elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return "".join(out).strip()

    try:
        run('import crmlib; crmlib.setup("en")')
        assert run("print(crmlib.get_language())") == "en"
        run('import asyncio\nawait asyncio.sleep(0)\ncrmlib.set_language("zh-CN")')
        assert run("print(crmlib.get_language())") == "zh-CN"
        run('crmlib.set_language("en")')
        assert run(
            "import threading\nseen = []\nth = threading.Thread(target=lambda: seen.append(crmlib.get_language()))\n"
            "th.start(); th.join(); print(seen[0])"
        ) == "en"
        assert run('with crmlib.language("zh-CN"):\n    print(crmlib.t("common.customers"))') == "客户"
        assert run("print(crmlib.get_language())") == "en"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
