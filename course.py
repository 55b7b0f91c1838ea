#!/usr/bin/env python3
"""One entry point for the course. Needs only Python 3.11+ (the standard library); everything
else it installs. ``python3 course.py --help`` lists the commands in the learner's language.

    python3 course.py                  fill/refresh the workspace my-course/ and open its home in JupyterLab
    python3 course.py update           git pull (in a git clone), then refresh my-course/
    python3 course.py exercise NAME    a fresh copy of an exercise in my-course/my-work/ (never overwrites)
    python3 course.py test [PYTEST...] run every test (creates .venv and .venv-dev if missing)
    python3 course.py build [SRC...]   rebuild notebook editions from source/ (executed)
    python3 course.py data             regenerate the synthetic data sets and their dictionary
    python3 course.py app [NAME]       list the case apps, or serve one with Voilà (code hidden) and open it
    python3 course.py publish          build the book, the slides (and the instructor's kit) into _publish/
    python3 course.py class-repo DIR   (instructors) export a class repository without the solutions

The learner's workspace. Learners never work in the tracked editions: ``course.py`` copies every
built edition (``home_<lang>.ipynb`` and every ``<area>/<lang>/`` or ``<area>/<sub>/<lang>/``
folder holding notebooks, with the README of each such area) and the data files
(``crmlib/datasets/files/`` -> ``datasets/``) into ``my-course/`` (git-ignored), keeping the
repository's layout so that every relative link still resolves, and JupyterLab's root is that
folder. Each start (and ``update``) refreshes it as nbgitpuller does on a hub: new files arrive,
files the learner has not changed are updated, a file the learner changed is kept and the new
version is put beside it (``name.course-new.ipynb``), a deleted file comes back. A manifest
(``my-course/.course-manifest.json``, the SHA-256 of what was last delivered to each path) tells
changed from unchanged. Nothing is written outside ``my-course/`` and nothing through a symbolic
link.

Two environments. The learner's, .venv, holds crmlib with JupyterLab and ipywidgets and nothing
else (`pip install -e .`): the course, data and exercise commands use it. The developer's,
.venv-dev, adds the `test`, `instructor` and `hub` extras (pytest, nbval, playwright, jupytext,
nbgrader, jupyterhub, nbgitpuller, ...): `test` and `build` use it, so nbgrader's menus never reach a
learner's JupyterLab. The hub test (tests/hub/) also makes .venv-hub, the students' servers.

Options: --lang zh-CN|en (the language of every message and of the home page; default: from
your locale), --port N and --no-browser (print the URL instead of opening a browser) for the
default command, --here (every command) uses the Python running course.py (an activated conda
environment: environment.yml for the course, environment-dev.yml for test and build) instead of
creating .venv / .venv-dev.

Adding a command: write ``def cmd_x(args: list[str]) -> int``, decorate it with
``@command("x", "help.x")`` and add the ``help.x`` text (both languages) to ``MESSAGES``.
Messages stay in this file because course.py must run before any environment (or crmlib) exists.
"""

from __future__ import annotations

import hashlib
import json
import locale
import os
import posixpath
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent
LANGUAGES = ("zh-CN", "en")
LANGUAGE_NAMES = {"zh-CN": "简体中文", "en": "English"}
WORKSPACE = "my-course"  # the learner's folder, git-ignored
MANIFEST = ".course-manifest.json"
NEW_TAG = ".course-new"  # name.course-new.ipynb: the course's new version beside a learner's changed file
DATA_FILES = ("crmlib/datasets/files", "datasets")  # delivered from, delivered to
SETTINGS_DIR = ROOT / "jupyter-config"  # JupyterLab setting defaults shipped with the course (labconfig/)
# Top-level folders that never hold learner editions, even if a language-named folder is inside.
NOT_EDITIONS = {"source", "tests", "tools", "crmlib", "benchmarks", "deploy", "binder", "build", "dist",
                "node_modules", "datasets", "my-work", WORKSPACE,
                "apps"}  # apps/<lang>/: the case apps, served from the course folder by `course.py app`

if sys.version_info < (3, 11):
    sys.exit(f"本课程需要 Python 3.11 或更新版本，当前是 {sys.version.split()[0]}；请看 README.md 的“Troubleshooting”一节。\n"
             f"This course needs Python 3.11 or newer; this is {sys.version.split()[0]}. See README.md, 'Troubleshooting'.")


# --- messages ---------------------------------------------------------------------------------
# Every message course.py prints, in both languages. {placeholders} are filled by msg().

MESSAGES: dict[str, dict[str, str]] = {
    "help.main": {
        "zh-CN": """用法：python3 course.py [命令] [选项]

  python3 course.py                  打开课程：刷新你的工作区 my-course/，在 JupyterLab 中打开首页
  python3 course.py update           更新课程（在 git 克隆中先运行 git pull），再刷新 my-course/
  python3 course.py exercise NAME    在 my-course/my-work/ 中另存一份练习的新副本（从不覆盖）
  python3 course.py test [PYTEST...] 运行全部测试
  python3 course.py build [SRC...]   由 source/ 重新生成笔记本
  python3 course.py data             重新生成合成数据集和数据字典
  python3 course.py app [名称]        列出课堂用的案例应用，或用 Voilà 打开其中一个（不显示代码）
  python3 course.py publish          生成课程读本、幻灯片（和教师资料包）到 _publish/
  python3 course.py class-repo 文件夹 （教师用）导出班级仓库：学生用的课程，不含答案版
  python3 course.py 命令 --help       该命令的说明

你的作业都在 my-course/ 里：git 不管理它，更新课程时不会丢失你改过的内容。
选项：--lang zh-CN|en（提示语言和首页语言，默认跟随系统），--port N（端口），
--no-browser（不打开浏览器，只打印网址），--here（使用当前的 Python，例如已激活的 conda 环境）。""",
        "en": """usage: python3 course.py [COMMAND] [OPTIONS]

  python3 course.py                  open the course: refresh your workspace my-course/, open its home in JupyterLab
  python3 course.py update           update the course (git pull in a git clone), then refresh my-course/
  python3 course.py exercise NAME    a fresh copy of an exercise in my-course/my-work/ (never overwrites)
  python3 course.py test [PYTEST...] run every test
  python3 course.py build [SRC...]   rebuild the notebooks from source/
  python3 course.py data             regenerate the synthetic data sets and the data dictionary
  python3 course.py app [NAME]       list the case apps for class, or open one with Voilà (code hidden)
  python3 course.py publish          build the book, the slides (and the instructor's kit) into _publish/
  python3 course.py class-repo DIR   (instructors) export a class repository: the course without the solutions
  python3 course.py COMMAND --help   help on one command

Your work lives in my-course/: git does not track it, and updating the course never loses your changes.
Options: --lang zh-CN|en (messages and home page; default: your locale), --port N,
--no-browser (print the URL instead of opening a browser), --here (use the running Python, e.g. an
activated conda environment).""",
    },
    "help.open": {
        "zh-CN": """用法：python3 course.py [--lang zh-CN|en] [--port N] [--no-browser] [--here]

刷新工作区 my-course/（新文件放进来；你没改过的文件更新为新版本；你改过的文件保留，新版本另存为
“名称.course-new.ipynb”），然后以 my-course/ 为根目录启动 JupyterLab 并打开首页 home_<语言>.ipynb。
第一次运行时会创建 .venv 并安装课程所需的软件包。""",
        "en": """usage: python3 course.py [--lang zh-CN|en] [--port N] [--no-browser] [--here]

Refreshes your workspace my-course/ (new files arrive; files you have not changed are updated; a file
you changed is kept and the new version is put beside it as "name.course-new.ipynb"), then starts
JupyterLab with my-course/ as its root on the home page home_<lang>.ipynb. The first run creates
.venv and installs the course.""",
    },
    "help.update": {
        "zh-CN": """用法：python3 course.py update [--lang zh-CN|en]

如果课程文件夹是 git 克隆，先运行 git pull --ff-only 取得新版本；然后刷新 my-course/：
新文件放进来，你没改过的文件更新，你改过的文件保留（新版本另存在旁边，名为“名称.course-new.ipynb”），
你删掉的课程文件会恢复。你的作业永远不会丢失，git pull 也不会因为你的作业而失败。不安装任何东西。""",
        "en": """usage: python3 course.py update [--lang zh-CN|en]

In a git clone, first runs git pull --ff-only to fetch the new version; then refreshes my-course/:
new files arrive, files you have not changed are updated, a file you changed is kept (the new version
is put beside it as "name.course-new.ipynb"), a course file you deleted comes back. Your work is never
lost and git pull never fails because of it. Installs nothing.""",
    },
    "help.exercise": {
        "zh-CN": """用法：python3 course.py exercise 名称 [--lang zh-CN|en]

在 my-course/my-work/ 中另存一份练习学生版的新副本，例如 my-work/01_foundations_zh-CN.ipynb；
已有同名文件时另存为带编号的新副本，从不覆盖。副本里的链接都指向工作区中的章节和案例。
其实你也可以直接在 my-course/exercises/zh-CN/ 里作答：更新课程时你的答案会保留。""",
        "en": """usage: python3 course.py exercise NAME [--lang zh-CN|en]

Writes a fresh copy of an exercise's student edition into my-course/my-work/, e.g.
my-work/01_foundations_en.ipynb; if that name exists it writes a new numbered copy and never
overwrites. Links in the copy point to the chapters and cases in your workspace. You may also answer
directly in my-course/exercises/en/: updating the course keeps your answers.""",
    },
    "help.class_repo": {
        "zh-CN": """用法：python3 course.py class-repo 文件夹 [--lang zh-CN|en|both] [--solutions-after YYYY-MM-DD]
                                  [--release-solutions]

（教师用）把课程导出为一个班级仓库：一个独立的 git 仓库，只有学生需要的内容（首页、章节、案例、练习学生版、
模拟考试、综合项目、案例应用、crmlib 及其数据、binder/），没有答案版、明文答案密钥、教师指南、源文件和测试。
把它推送到 JupyterHub 能访问的 git 服务器，nbgitpuller 链接就指向它（见 README 的 JupyterHub 一节）。
根目录的 course-class.toml 开启班级模式：简答题的检查不再指向答案版，而是说明参考答案何时发布。

  --lang                导出的语言（默认：与上次相同，第一次为两种语言）
  --solutions-after     截止日期：参考答案在这一天之后发布（写进 course-class.toml，学生在反馈里看到）
  --release-solutions   截止后运行：把答案版加进班级仓库（新的提交，学生用同一个链接取得）

再次运行（不加选项即可）会按上次的设置导出课程的新版本，有变化时生成一个新的提交。""",
        "en": """usage: python3 course.py class-repo FOLDER [--lang zh-CN|en|both] [--solutions-after YYYY-MM-DD]
                                  [--release-solutions]

(For instructors.) Exports the course as a class repository: a git repository of its own holding
what students need (home, chapters, cases, the exercises' student editions, mock exam, capstone,
case apps, crmlib with its data, binder/) and no solution editions, plain answer keys, instructor
guides, sources or tests. Push it to a git server the JupyterHub can reach and point the
nbgitpuller link at it (README, the JupyterHub section). course-class.toml at its root turns on
class mode: a short answer's check says when the model answers come instead of pointing to them.

  --lang                the editions' languages (default: as last time; both the first time)
  --solutions-after     the deadline: model answers are released after this date (kept in
                        course-class.toml; students read it in the feedback)
  --release-solutions   after the deadline: add the solution editions (a new commit; students
                        get them with the same link)

Run it again (no options needed) to export a new version of the course with the same settings;
it commits when something changed.""",
    },
    "class_repo.usage": {
        "zh-CN": "请给出班级仓库的文件夹：python3 course.py class-repo 文件夹（说明：python3 course.py class-repo --help）",
        "en": "Give the class repository's folder: python3 course.py class-repo FOLDER (help: python3 course.py class-repo --help)",
    },
    "class_repo.bad_date": {
        "zh-CN": "日期“{value}”无法识别：请写成 YYYY-MM-DD，例如 2026-06-30。",
        "en": "Cannot read the date '{value}': write it as YYYY-MM-DD, e.g. 2026-06-30.",
    },
    "class_repo.inside_course": {
        "zh-CN": "班级仓库 {out} 必须在课程文件夹 {root} 之外。",
        "en": "The class repository {out} must be outside the course folder {root}.",
    },
    "class_repo.not_class_repo": {
        "zh-CN": "{out} 已存在，但不是班级仓库（没有 {file} 和 .git）：请换一个新的或空的文件夹。",
        "en": "{out} exists and is not a class repository (no {file} and .git): choose a new or empty folder.",
    },
    "class_repo.no_git": {
        "zh-CN": "导出班级仓库需要 git：请先安装 git。",
        "en": "Making the class repository needs git: install git first.",
    },
    "class_repo.leak": {
        "zh-CN": "{path} 里还有解答或隐藏测试的代码，没有导出任何内容：请重新生成笔记本（python3 course.py build）。",
        "en": "{path} still carries solution or hidden-test code; nothing was exported: rebuild the editions (python3 course.py build).",
    },
    "class_repo.git_failed": {
        "zh-CN": "在 {out} 中运行 git 失败：{error}",
        "en": "git failed in {out}: {error}",
    },
    "class_repo.done": {
        "zh-CN": "班级仓库 {out}：{files} 个文件（{langs}），新的提交 {commit}。",
        "en": "Class repository {out}: {files} files ({langs}), new commit {commit}.",
    },
    "class_repo.unchanged": {
        "zh-CN": "班级仓库 {out}：与上次导出相比没有变化，没有新的提交。",
        "en": "Class repository {out}: nothing changed since the last export, no new commit.",
    },
    "class_repo.held_until": {
        "zh-CN": "参考答案：暂不发布，学生在反馈里看到“{date} 之后发布”；截止后运行 python3 course.py class-repo {out} --release-solutions。",
        "en": "Model answers: held back; students read \"released after {date}\" in the feedback. After the deadline run python3 course.py class-repo {out} --release-solutions.",
    },
    "class_repo.held": {
        "zh-CN": "参考答案：暂不发布（没有给出日期，学生在反馈里看到“截止后由老师发布”）；发布时运行 python3 course.py class-repo {out} --release-solutions。",
        "en": "Model answers: held back (no date given; students read that you release them after the deadline). To release them run python3 course.py class-repo {out} --release-solutions.",
    },
    "class_repo.released": {
        "zh-CN": "参考答案：已在班级仓库中（exercises/solutions/）。",
        "en": "Model answers: in the class repository (exercises/solutions/).",
    },
    "class_repo.first_push": {
        "zh-CN": "下一步：推送到 JupyterHub 能访问的 git 服务器（git -C {out} remote add origin 仓库网址，然后 git -C {out} push -u origin main），nbgitpuller 链接里的 repo= 写这个仓库的网址（见 README 的 JupyterHub 一节）。",
        "en": "Next: push it to a git server the JupyterHub can reach (git -C {out} remote add origin URL, then git -C {out} push -u origin main) and put that URL as repo= in the nbgitpuller link (README, the JupyterHub section).",
    },
    "class_repo.push": {
        "zh-CN": "推送（git -C {out} push）之后，学生用同一个链接就能取得更新，他们的作答保留。",
        "en": "Push it (git -C {out} push): students get the update with the same link, and their work is kept.",
    },
    "help.test": {
        "zh-CN": """用法：python3 course.py test [--here] [PYTEST 参数...]

运行全部测试：单元、性质和文档测试（crmlib）、笔记本（nbval，lax）、真实浏览器测试（Debian chromium）、
评分流程（nbgrader）。其余参数交给 pytest；其中的测试路径会取代默认的测试集，例如
`python3 course.py test -x -q tests/test_funnel.py` 只运行这一个文件。

它先创建（或更新）两个环境：.venv（学习者的环境：crmlib 和 JupyterLab，别无其他）和 .venv-dev
（再加上测试工具和教师工具，由它运行 pytest）。测试也会通过 CRM_LEARNER_PYTHON 检查学习者的环境
（tests/test_course_cli.py）。使用 --here 时由当前的 Python 兼任两个角色（用 environment-dev.yml 创建），
这时跳过对学习者环境的检查。""",
        "en": """usage: python3 course.py test [--here] [PYTEST ARGS...]

Runs every test: unit, property and doc tests (crmlib), the notebooks (nbval, lax), the
real-browser tests (Debian chromium), the grading workflow (nbgrader). Extra arguments go to
pytest; test paths among them replace the default set, e.g.
`python3 course.py test -x -q tests/test_funnel.py` runs that one file.

First it makes (or brings up to date) both environments: .venv, the learner's (crmlib with
JupyterLab, nothing else), and .venv-dev, which adds the test and instructor extras and runs
pytest. The tests check the learner's environment too (tests/test_course_cli.py), through
CRM_LEARNER_PYTHON. With --here the active Python serves both roles (make it from
environment-dev.yml); the learner-environment check is then skipped.""",
    },
    "help.build": {
        "zh-CN": """用法：python3 course.py build [--here] [source/区域/名称.md ...] [--check] [--no-run]

由 source/ 中的双语源文件生成各语言的笔记本（执行后保存输出）：chapters/<语言>/、cases/<语言>/、
exercises/<语言>/ 及答案版 exercises/solutions/<语言>/，以及 home_<语言>.ipynb。不给源文件时全部重建。
--check 只报告哪些版本已过期；--no-run 只写出笔记本，不执行。使用 .venv-dev（没有时先创建）。""",
        "en": """usage: python3 course.py build [--here] [source/AREA/NAME.md ...] [--check] [--no-run]

Builds the notebook editions of each language from the bilingual sources in source/ (executed,
outputs kept): chapters/<lang>/, cases/<lang>/, exercises/<lang>/ with the solutions in
exercises/solutions/<lang>/, and home_<lang>.ipynb. Without sources it rebuilds them all.
--check only reports editions that are out of date; --no-run writes them without executing.
Uses .venv-dev (creating it first if missing).""",
    },
    "help.publish": {
        "zh-CN": """用法：python3 course.py publish [--here] [--out 文件夹]

把要发给学生和教师的内容生成到 _publish/（或 --out 指定的文件夹）：中英文两本课程读本（网页版，可打印）、
每章每个案例的中英文幻灯片，以及教师资料包（如果有 tools/build_kit.py），外加一个入口页 index.html。
所有链接都是相对链接，不从外部网站加载任何内容：整个文件夹可以复制到任何静态网站服务器上；
本地查看：python3 -m http.server -d _publish，然后打开 http://127.0.0.1:8000/。使用 .venv-dev（没有时先创建），
第一次运行还会用 npm 把 MathJax 和 reveal.js 装进 book/node_modules/。""",
        "en": """usage: python3 course.py publish [--here] [--out FOLDER]

Builds what a class is handed into _publish/ (or --out FOLDER): the book in both languages (web
pages, printable), slides for every chapter and case in both languages, and the instructor's kit
(when tools/build_kit.py exists), with an entry page index.html. Every link is relative and nothing is
loaded from another site: copy the folder to any static web server, or view it locally with
python3 -m http.server -d _publish and open http://127.0.0.1:8000/. Uses .venv-dev (creating it first
if missing); the first run also installs MathJax and reveal.js into book/node_modules/ with npm.""",
    },
    "help.app": {
        "zh-CN": """用法：python3 course.py app [名称] [--lang zh-CN|en] [--port N] [--no-browser] [--here]

不带名称：列出课堂用的案例应用（apps/<语言>/，由 tools/build_apps.py 生成）。带名称，例如
`python3 course.py app rice_shop --lang zh-CN`：在本机（127.0.0.1）启动 Voilà，把这个应用作为网页打开：
故事、交互仪表板和“看点”，不显示代码，适合在课堂上投影。页面不从外部网站加载任何内容，断网也能用。
--no-browser 只打印网址；停止：按 Ctrl+C。使用 .venv。""",
        "en": """usage: python3 course.py app [NAME] [--lang zh-CN|en] [--port N] [--no-browser] [--here]

Without a name: lists the case apps for class (apps/<lang>/, made by tools/build_apps.py). With one,
e.g. `python3 course.py app rice_shop --lang en`: starts Voilà on this computer (127.0.0.1) and opens
the app as a web page: the story, the dashboard and what to look for, with the code hidden, ready to
project in class. The page loads nothing from other sites and works offline. --no-browser prints the
URL instead; stop with Ctrl+C. Uses .venv.""",
    },
    "app.list": {
        "zh-CN": "课堂用的案例应用（{lang}）：",
        "en": "Case apps for class ({lang}):",
    },
    "app.list_hint": {
        "zh-CN": "打开其中一个：python3 course.py app 名称 --lang {lang}",
        "en": "Open one: python3 course.py app NAME --lang {lang}",
    },
    "app.unknown": {
        "zh-CN": "apps/{lang}/ 里没有应用 {name!r}；可选：{available}",
        "en": "no app {name!r} in apps/{lang}/; available: {available}",
    },
    "app.start": {
        "zh-CN": "正在启动 Voilà：{title}……",
        "en": "Starting Voilà: {title} ...",
    },
    "app.url": {
        "zh-CN": "应用已启动（停止：按 Ctrl+C）：{url}",
        "en": "The app is running (stop with Ctrl+C): {url}",
    },
    "app.failed": {
        "zh-CN": "Voilà 没有启动（原因见上）。",
        "en": "Voilà did not start (see above).",
    },
    "help.data": {
        "zh-CN": """用法：python3 course.py data [--here]

以固定种子重新生成合成数据集（逐字节相同）和数据字典 crmlib/datasets/files/README.md。使用 .venv。""",
        "en": """usage: python3 course.py data [--here]

Regenerates the synthetic data sets (byte for byte, fixed seeds) and the data dictionary
crmlib/datasets/files/README.md. Uses .venv.""",
    },
    "lang.unknown": {
        "zh-CN": "没有 {lang!r} 这种语言；可选：{available}",
        "en": "there is no language {lang!r}; available: {available}",
    },
    "option.unknown": {
        "zh-CN": "未知选项 {option!r}；请看：python3 course.py --help",
        "en": "unknown option {option!r}; see: python3 course.py --help",
    },
    "option.needs_value": {
        "zh-CN": "选项 {option} 后面需要一个值",
        "en": "option {option} needs a value",
    },
    "env.here_missing": {
        "zh-CN": "--here：当前的 Python 缺少 {needs} 中的某些包；请先运行 `conda env create -f {conda_file}` 并激活该环境"
                 "（或去掉 --here，改用 .venv / .venv-dev）。",
        "en": "--here: this Python lacks some of {needs}; run `conda env create -f {conda_file}` and activate that "
              "environment first (or drop --here to use .venv / .venv-dev).",
    },
    "env.remake": {
        "zh-CN": "{venv} 里有 {role} 环境不该有的软件包：正在重新创建……",
        "en": "{venv} holds packages the {role} environment must not have: making it again ...",
    },
    "env.create": {
        "zh-CN": "正在 {venv} 中创建{role}环境（第一次运行需要一两分钟）……",
        "en": "Creating the {role} environment in {venv} (first run: a minute or two) ...",
    },
    "env.install": {
        "zh-CN": "正在把 {package} 安装到 {venv} ……",
        "en": "Installing {package} into {venv} ...",
    },
    "role.learner": {"zh-CN": "学习者", "en": "learner"},
    "role.dev": {"zh-CN": "开发者", "en": "developer"},
    "open.start": {
        "zh-CN": "正在打开 {workspace}/{home}（停止服务器：按两次 Ctrl+C）",
        "en": "Opening {workspace}/{home} (stop the server with Ctrl+C twice)",
    },
    "open.no_home": {
        "zh-CN": "工作区里没有 {home}：课程文件夹里缺少这个笔记本（python3 course.py build 可以生成它）",
        "en": "the workspace has no {home}: the course folder lacks that notebook (python3 course.py build makes it)",
    },
    "ws.symlink": {
        "zh-CN": "{path} 是符号链接；为安全起见不通过它写入任何东西（请把它换成普通文件夹）",
        "en": "{path} is a symbolic link; refusing to write through it (make it a plain folder)",
    },
    "ws.not_folder": {
        "zh-CN": "{path} 已存在但不是文件夹；请先把它移走",
        "en": "{path} exists but is not a folder; move it away first",
    },
    "ws.outside": {
        "zh-CN": "{path} 没有指向课程文件夹里面；拒绝写入",
        "en": "{path} does not resolve to a folder inside the course; refusing",
    },
    "ws.first": {
        "zh-CN": "已建立你的工作区 {workspace}/（{count} 个文件）。在这里运行、修改、保存笔记本；git 不管理这个文件夹，"
                 "更新课程时你改过的文件会保留。",
        "en": "Your workspace {workspace}/ is ready ({count} files). Run, edit and save notebooks there; git does not "
              "track it, and updating the course keeps every file you changed.",
    },
    "ws.summary": {
        "zh-CN": "课程已更新：新增 {added} 个文件，更新 {updated} 个，恢复 {restored} 个。",
        "en": "Course updated: {added} new, {updated} updated, {restored} restored files.",
    },
    "ws.kept": {
        "zh-CN": "保留了你改过的 {path}；课程的新版本放在旁边：{beside}",
        "en": "Kept your changed {path}; the course's new version is beside it: {beside}",
    },
    "ws.kept_hint": {
        "zh-CN": "（想改用新版本：删除或改名你的文件，再运行 python3 course.py update。）",
        "en": "(To take the new version instead: delete or rename your file, then run python3 course.py update.)",
    },
    "ws.skipped": {
        "zh-CN": "跳过 {path}：{reason}",
        "en": "Skipped {path}: {reason}",
    },
    "reason.symlink": {"zh-CN": "它（或它所在的文件夹）是符号链接，不通过它写入", "en": "it (or a folder above it) is a symbolic link, never written through"},
    "reason.not_file": {"zh-CN": "同名的文件夹挡住了它", "en": "a folder of that name is in the way"},
    "reason.not_folder": {"zh-CN": "同名的文件挡住了它所在的文件夹", "en": "a file of that name is in the way of its folder"},
    "ws.old_my_work": {
        "zh-CN": "你以前在 my-work/ 里的副本原样保留在课程文件夹中；JupyterLab 现在打开的是 {workspace}/，"
                 "想在那里看到它们，请把它们移到 {workspace}/my-work/。",
        "en": "Your earlier copies in my-work/ stay where they are, in the course folder; JupyterLab now opens "
              "{workspace}/, so move them into {workspace}/my-work/ to see them there.",
    },
    "update.pull": {"zh-CN": "正在取得课程的新版本（git pull）……", "en": "Fetching the new version of the course (git pull) ..."},
    "update.pull_failed": {
        "zh-CN": "git pull 没有成功（原因见上）。如果它提到你在 {workspace}/ 之外改过的文件，请把那些改动复制到 {workspace}/ 里，"
                 "再用 `git checkout -- 文件名` 还原原文件。下面照常刷新工作区。",
        "en": "git pull did not succeed (see above). If it names files you changed outside {workspace}/, copy your "
              "changes into {workspace}/, then restore the originals with `git checkout -- FILE`. Refreshing the "
              "workspace anyway.",
    },
    "update.no_git": {
        "zh-CN": "课程文件夹不是 git 克隆：请下载新版本替换课程文件（{workspace}/ 除外），再运行本命令。现在刷新工作区。",
        "en": "The course folder is not a git clone: replace the course files with a new download (keep "
              "{workspace}/), then run this command again. Refreshing the workspace now.",
    },
    "update.current": {"zh-CN": "工作区已是最新。", "en": "Your workspace is up to date."},
    "exercise.usage": {
        "zh-CN": "用法：python3 course.py exercise 名称 [--lang zh-CN|en]；可选的名称：{available}",
        "en": "usage: python3 course.py exercise NAME [--lang zh-CN|en]; available: {available}",
    },
    "exercise.unknown": {
        "zh-CN": "exercises/{lang}/ 里没有练习 {name!r}；可选：{available}",
        "en": "no exercise {name!r} in exercises/{lang}/; available: {available}",
    },
    "exercise.copied": {
        "zh-CN": "你的副本：{path}（在 JupyterLab 里打开：python3 course.py，然后进入 my-work/ 文件夹）",
        "en": "Your copy: {path}  (open it in JupyterLab: python3 course.py, then the my-work/ folder)",
    },
    "exercise.earlier": {
        "zh-CN": "你以前的副本原封未动。",
        "en": "Your earlier copies are untouched.",
    },
}

LANG = "en"  # the language of messages; set by main() from --lang or the locale


def msg(key: str, **values: object) -> str:
    """The catalogue text ``key`` in the chosen language, with ``{placeholders}`` filled in."""
    return MESSAGES[key][LANG].format(**values)


def say(key: str, **values: object) -> None:
    print(msg(key, **values), flush=True)


def fail(key: str, **values: object) -> None:
    sys.exit(msg(key, **values))


def default_language() -> str:
    code = (os.environ.get("LC_ALL") or os.environ.get("LANG") or locale.getlocale()[0] or "").lower()
    return "zh-CN" if code.startswith("zh") else "en"


def available_languages() -> str:
    return ", ".join(f"{code} ({LANGUAGE_NAMES[code]})" for code in LANGUAGES)


# --- environments -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Role:
    """An environment: where it lives, which extras of crmlib it installs, what --here must find."""

    name: str
    venv: Path
    extras: tuple[str, ...]
    needs: str  # modules the --here interpreter must import
    conda_file: str


LEARNER = Role("learner", ROOT / ".venv", (), "crmlib, jupyterlab, ipywidgets", "environment.yml")
DEV = Role("dev", ROOT / ".venv-dev", ("test", "instructor", "hub", "book"), "crmlib, jupyterlab, pytest, nbval, jupytext, nbgrader",
           "environment-dev.yml")

USE_CURRENT = False  # set by --here


def venv_python(role: Role = LEARNER) -> Path:
    if USE_CURRENT:
        return Path(sys.executable)
    return role.venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _stamp(role: Role) -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    return f"{digest} {sys.version_info.major}.{sys.version_info.minor} {','.join(sorted(role.extras)) or '-'}"


def ensure_env(role: Role = LEARNER) -> None:
    """Create ``role.venv`` and install crmlib with ``role.extras``, unless that install is there.

    A stamp file records pyproject.toml's hash, the Python version and the extras; when any of
    them changed the environment is brought up to date. An environment that holds extras its role
    must not have (a .venv made before the two were split) is made again from scratch, so the
    learner's JupyterLab never loads the test or grading tools. pip's cache makes that quick.
    """
    if USE_CURRENT:
        try:
            subprocess.run([sys.executable, "-c", f"import {role.needs}"], check=True, capture_output=True)
        except subprocess.CalledProcessError:
            fail("env.here_missing", needs=role.needs, conda_file=role.conda_file)
        return
    role_name = msg(f"role.{role.name}")
    stamp = role.venv / ".crm-course-installed"
    if venv_python(role).exists() and stamp.exists():
        if stamp.read_text().strip() == _stamp(role):
            return
        have = (stamp.read_text().split() + ["", "", ""])[2]
        if set(filter(None, have.replace("-", "").split(","))) - set(role.extras):
            say("env.remake", venv=role.venv.name, role=role_name)
            shutil.rmtree(role.venv)
    if not venv_python(role).exists():
        say("env.create", venv=role.venv.name, role=role_name)
        subprocess.run([sys.executable, "-m", "venv", str(role.venv)], check=True)
    target = f"{ROOT}[{','.join(role.extras)}]" if role.extras else str(ROOT)
    say("env.install", package=f"crmlib{'[' + ','.join(role.extras) + ']' if role.extras else ''}", venv=role.venv.name)
    subprocess.run(
        [str(venv_python(role)), "-m", "pip", "install", "--disable-pip-version-check", "-q", "-e", target],
        check=True,
    )
    stamp.write_text(_stamp(role) + "\n")


# --- the learner's workspace ------------------------------------------------------------------


class Refused(Exception):
    """A path in the workspace that must not be written (a symbolic link, or something in the way)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _files_under(folder: Path) -> list[Path]:
    """Regular files below ``folder``: no hidden names, no caches, no symbolic links."""
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):  # never follows links to folders
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "__")))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if not name.startswith(".") and not name.endswith((".pyc", ".pyo")) and path.is_file() and not path.is_symlink():
                found.append(path)
    return found


def edition_folders(root: Path = ROOT) -> list[Path]:
    """Every folder of built editions: ``<area>/<lang>/`` or ``<area>/<sub>/<lang>/`` holding notebooks.

    Data-driven: a new area (``exam/``, ``capstone/``) is picked up as soon as its editions exist.
    """
    folders = []
    for area in sorted(root.iterdir()):
        if (not area.is_dir() or area.is_symlink() or area.name.startswith((".", "_")) or area.name in NOT_EDITIONS
                or area.name.endswith(".egg-info")):
            continue
        candidates = [area / lang for lang in LANGUAGES]
        candidates += [sub / lang for sub in sorted(area.iterdir()) if sub.is_dir() and not sub.is_symlink()
                       and not sub.name.startswith(".") for lang in LANGUAGES]
        folders += [c for c in candidates if c.is_dir() and not c.is_symlink() and any(c.glob("*.ipynb"))]
    return folders


def course_files(root: Path = ROOT) -> dict[str, Path]:
    """What the workspace receives: ``{path inside the workspace (posix): file in the course}``."""
    files: dict[str, Path] = {}
    for lang in LANGUAGES:
        home = root / f"home_{lang}.ipynb"
        if home.is_file() and not home.is_symlink():
            files[home.name] = home
    areas = set()
    for folder in edition_folders(root):
        areas.add(folder.relative_to(root).parts[0])
        for path in _files_under(folder):
            files[path.relative_to(root).as_posix()] = path
    for area in sorted(areas):  # an area's README (exercises/README.md), which the home links to
        for path in sorted((root / area).glob("*.md")):
            if path.is_file() and not path.is_symlink():
                files[path.relative_to(root).as_posix()] = path
    data_from, data_to = DATA_FILES
    if (root / data_from).is_dir():
        for path in _files_under(root / data_from):
            if path.suffix != ".py":
                files[f"{data_to}/{path.relative_to(root / data_from).as_posix()}"] = path
    return files


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_sha(path: Path) -> str:
    return _sha(path.read_bytes())


def workspace(root: Path = ROOT) -> Path:
    """The workspace folder, created if missing; exits if it is a link or resolves elsewhere."""
    ws = root / WORKSPACE
    if ws.is_symlink():
        fail("ws.symlink", path=WORKSPACE)
    if ws.exists() and not ws.is_dir():
        fail("ws.not_folder", path=WORKSPACE)
    ws.mkdir(exist_ok=True)
    if ws.resolve() != root.resolve() / WORKSPACE:
        fail("ws.outside", path=WORKSPACE)
    return ws


def _folder_for(ws: Path, rel: str) -> Path:
    """The folder of ``ws/rel``, created as needed, never through a symbolic link."""
    folder = ws
    for part in rel.split("/")[:-1]:
        folder = folder / part
        if folder.is_symlink():
            raise Refused("reason.symlink")
        if not folder.exists():
            folder.mkdir()
        elif not folder.is_dir():
            raise Refused("reason.not_folder")
    return folder


def _write_new(dest: Path, data: bytes) -> None:
    """Write ``dest`` as a new file through a temporary one; never follows a symbolic link."""
    if dest.is_symlink():
        raise Refused("reason.symlink")
    tmp = dest.with_name(f".{dest.name}.course-tmp")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(tmp, dest)  # replaces a name, never writes through one


def _beside(rel: str, k: int) -> str:
    head, _, name = rel.rpartition("/")
    suffix = Path(name).suffix
    stem = name[: -len(suffix)] if suffix else name
    new = f"{stem}{NEW_TAG}{'' if k == 1 else f'-{k}'}{suffix}"
    return f"{head}/{new}" if head else new


@dataclass
class Refresh:
    """What one refresh did, path by path (paths inside the workspace)."""

    first: bool = False
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    kept: list[tuple[str, str]] = field(default_factory=list)  # (learner's file, new version beside it)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason key)
    unchanged: int = 0


def _load_manifest(ws: Path) -> dict[str, str]:
    path = ws / MANIFEST
    if path.is_symlink() or not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in data.get("files", {}).items()}
    except (ValueError, AttributeError):
        return {}  # unreadable: every file that differs is then treated as the learner's (safe)


def refresh_workspace(root: Path = ROOT) -> Refresh:
    """Bring ``root/my-course`` up to date with the course, as nbgitpuller does on a hub.

    New files arrive; a file the learner has not changed since it was delivered (its SHA-256 is
    the manifest's) is replaced by the new version; a file the learner changed is kept and the
    new version goes beside it (``name.course-new.ipynb``, or ``-2``, ``-3`` ... when the learner
    changed that one too); a delivered file the learner deleted comes back. Files the course no
    longer ships stay. Nothing is written outside the workspace or through a symbolic link.
    """
    ws = workspace(root)
    if (ws / MANIFEST).is_symlink():
        fail("ws.symlink", path=f"{WORKSPACE}/{MANIFEST}")
    manifest = _load_manifest(ws)
    report = Refresh(first=not manifest and not any(ws.iterdir()))
    for rel, src in sorted(course_files(root).items()):
        data = src.read_bytes()
        digest = _sha(data)
        try:
            _folder_for(ws, rel)
            dest = ws / rel
            if dest.is_symlink():
                raise Refused("reason.symlink")
            if not dest.exists():
                _write_new(dest, data)
                (report.restored if rel in manifest else report.added).append(rel)
                manifest[rel] = digest
                continue
            if not dest.is_file():
                raise Refused("reason.not_file")
            current = _file_sha(dest)
            if current == digest:
                manifest[rel] = digest
                report.unchanged += 1
            elif manifest.get(rel) == current:  # as delivered: the learner has not changed it
                _write_new(dest, data)
                manifest[rel] = digest
                report.updated.append(rel)
            else:  # the learner's version: keep it, put the course's beside it
                k = 1
                while True:
                    other = _beside(rel, k)
                    where = ws / other
                    if where.is_symlink():
                        raise Refused("reason.symlink")
                    if not where.exists():
                        _write_new(where, data)
                        manifest[other] = digest
                        report.kept.append((rel, other))
                        break
                    if where.is_file():
                        there = _file_sha(where)
                        if there == digest:  # already beside it (told before)
                            break
                        if manifest.get(other) == there:  # an earlier new version, untouched: replace it
                            _write_new(where, data)
                            manifest[other] = digest
                            report.kept.append((rel, other))
                            break
                    k += 1
        except Refused as refused:
            report.skipped.append((rel, refused.reason))
    _write_new(ws / MANIFEST, (json.dumps({"format": 1, "files": manifest}, indent=1, sort_keys=True) + "\n").encode())
    return report


def tell(report: Refresh, root: Path = ROOT) -> None:
    """Say what a refresh did, in the chosen language."""
    if report.first:
        say("ws.first", workspace=WORKSPACE, count=len(report.added))
        old = root / "my-work"
        if old.is_dir() and not old.is_symlink() and any(old.iterdir()):
            say("ws.old_my_work", workspace=WORKSPACE)
    elif report.added or report.updated or report.restored:
        say("ws.summary", added=len(report.added), updated=len(report.updated), restored=len(report.restored))
    for mine, beside in report.kept:
        say("ws.kept", path=f"{WORKSPACE}/{mine}", beside=f"{WORKSPACE}/{beside}")
    if report.kept:
        say("ws.kept_hint")
    for path, reason in report.skipped:
        say("ws.skipped", path=f"{WORKSPACE}/{path}", reason=msg(reason))


_LINK = re.compile(r"(\]\()(<[^>\n]*>|[^)\s]+)((?:\s+\"[^\"]*\")?\))")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def relocate_links(text: str, source: str, target: str) -> str:
    """Rewrite relative markdown links in ``text`` written for ``source`` so they work from ``target``.

    Both are posix paths inside the workspace; links to URLs, anchors and absolute paths, and links
    that would leave the workspace, are left as they are.

    >>> relocate_links("[ch](../../chapters/en/a.ipynb#x) [w](https://x.org)", "exercises/en/a.ipynb", "my-work/a_en.ipynb")
    '[ch](../chapters/en/a.ipynb#x) [w](https://x.org)'
    """
    def move(m: re.Match) -> str:
        link = m.group(2)
        bare = link[1:-1] if link.startswith("<") else link
        if not bare or bare.startswith(("#", "/")) or _SCHEME.match(bare):
            return m.group(0)
        path, hash_, fragment = bare.partition("#")
        where = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
        if where == ".." or where.startswith("../"):
            return m.group(0)
        moved = posixpath.relpath(where, posixpath.dirname(target) or ".") + ("/" if path.endswith("/") else "")
        moved += hash_ + fragment
        return m.group(1) + (f"<{moved}>" if link.startswith("<") else moved) + m.group(3)

    return _LINK.sub(move, text)


def relocate_notebook(data: bytes, source: str, target: str) -> bytes:
    """A notebook's bytes with the links of its markdown cells relocated (see ``relocate_links``)."""
    try:
        nb = json.loads(data.decode("utf-8"))
        cells = nb["cells"]
    except (ValueError, KeyError, TypeError):
        return data  # not a notebook we can read: copied as it is
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            cell["source"] = relocate_links(text, source, target).splitlines(keepends=True)
    return (json.dumps(nb, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


# --- commands ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Command:
    name: str
    run: Callable[[list[str]], int]
    help: str  # catalogue key of its help text; `course.py NAME --help` prints it and installs nothing


COMMANDS: dict[str, Command] = {}


def command(name: str, help_key: str) -> Callable[[Callable[[list[str]], int]], Callable[[list[str]], int]]:
    """Register ``course.py NAME``."""
    def register(run: Callable[[list[str]], int]) -> Callable[[list[str]], int]:
        COMMANDS[name] = Command(name, run, help_key)
        return run
    return register


def _options(args: list[str], flags: set[str], valued: set[str]) -> tuple[dict[str, str | bool], list[str]]:
    """Split ``args`` into known options and the rest (positional words); unknown options exit."""
    found: dict[str, str | bool] = {}
    rest = []
    it = iter(args)
    for a in it:
        if a in flags:
            found[a] = True
        elif a in valued:
            value = next(it, None)
            if value is None:
                fail("option.needs_value", option=a)
            found[a] = value
        elif a.startswith("-"):
            fail("option.unknown", option=a)
        else:
            rest.append(a)
    return found, rest


def lab_command(ws: Path, home: str, port: str | None = None, browser: bool = True) -> tuple[list[str], dict[str, str]]:
    """The JupyterLab command line and environment: root ``ws``, opening (and printing a URL to) ``home``."""
    cmd = [str(venv_python(LEARNER)), "-m", "jupyterlab", "--ServerApp.ip=127.0.0.1", f"--ServerApp.root_dir={ws}",
           f"--LabApp.default_url=/lab/tree/{home}"]
    if port:
        cmd.append(f"--ServerApp.port={port}")
    if not browser:
        cmd.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    env = dict(os.environ)
    # The course's JupyterLab setting defaults (labconfig/default_setting_overrides.json: no news pop-up).
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(filter(None, [str(SETTINGS_DIR), env.get("JUPYTER_CONFIG_PATH")]))
    return cmd, env


@command("open", "help.open")
def cmd_open(args: list[str]) -> int:
    opts, rest = _options(args, {"--no-browser"}, {"--port"})
    if rest:
        fail("option.unknown", option=rest[0])
    tell(refresh_workspace(ROOT))
    home = f"home_{LANG}.ipynb"
    ws = ROOT / WORKSPACE
    if not (ws / home).is_file():
        fail("open.no_home", home=home)
    ensure_env(LEARNER)
    cmd, env = lab_command(ws, home, opts.get("--port"), not opts.get("--no-browser"))
    say("open.start", workspace=WORKSPACE, home=home)
    try:
        return subprocess.call(cmd, cwd=ws, env=env)
    except KeyboardInterrupt:
        return 0


@command("update", "help.update")
def cmd_update(args: list[str]) -> int:
    _options(args, set(), set())
    rc = 0
    if (ROOT / ".git").exists() and shutil.which("git"):
        say("update.pull")
        rc = subprocess.call(["git", "-C", str(ROOT), "pull", "--ff-only"])
        if rc:
            say("update.pull_failed", workspace=WORKSPACE)
    else:
        say("update.no_git", workspace=WORKSPACE)
    report = refresh_workspace(ROOT)
    tell(report)
    if not (report.first or report.added or report.updated or report.restored or report.kept or report.skipped):
        say("update.current")
    return 1 if rc else 0


def test_env() -> dict[str, str]:
    env = dict(os.environ)
    env["CRMLIB_WARNINGS"] = "error"  # crmlib.setup() turns crmlib warnings into errors in kernels
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    env.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    return env


def notebook_paths() -> list[str]:
    """Every edition that nbval executes: home, chapters, cases, the mock exam and the capstone."""
    paths = [f"home_{lang}.ipynb" for lang in LANGUAGES]
    for area in ("chapters", "cases", "exam", "capstone"):  # exercise editions: tests/test_exercises.py runs them
        for lang in LANGUAGES:
            folder = ROOT / area / lang
            if folder.is_dir() and any(folder.glob("*.ipynb")):
                paths.append(f"{area}/{lang}")
    return [p for p in paths if (ROOT / p).exists()]


@command("test", "help.test")
def cmd_test(args: list[str]) -> int:
    ensure_env(LEARNER)
    ensure_env(DEV)
    env = test_env()
    if not USE_CURRENT:
        env["CRM_LEARNER_PYTHON"] = str(venv_python(LEARNER))
    given = [a for a in args if not a.startswith("-") and (ROOT / a.split("::")[0]).exists()]
    targets = [] if given else ["tests", "crmlib", *notebook_paths()]
    cmd = [
        str(venv_python(DEV)), "-m", "pytest", *targets,
        "--nbval-lax",
        "-n", "2", "--dist", "loadfile",
        *args,
    ]
    print("+", " ".join(cmd[2:]), flush=True)
    return subprocess.call(cmd, cwd=ROOT, env=env)


@command("build", "help.build")
def cmd_build(args: list[str]) -> int:
    ensure_env(DEV)  # jupytext and nbclient
    return subprocess.call([str(venv_python(DEV)), str(ROOT / "tools" / "build_notebooks.py"), *args], cwd=ROOT)


@command("publish", "help.publish")
def cmd_publish(args: list[str]) -> int:
    ensure_env(DEV)  # sphinx, sphinx-book-theme, myst-nb, nbconvert (the book extra)
    return subprocess.call([str(venv_python(DEV)), str(ROOT / "tools" / "publish.py"), *args], cwd=ROOT)


@command("data", "help.data")
def cmd_data(args: list[str]) -> int:
    ensure_env(LEARNER)
    return subprocess.call([str(venv_python(LEARNER)), "-m", "crmlib.datasets", *args], cwd=ROOT)


@command("exercise", "help.exercise")
def cmd_exercise(args: list[str]) -> int:
    """Copy a student edition into my-course/my-work/ without ever overwriting a learner's file.

    NAME must be one of the shipped exercises (a plain name from the list, never a path); the
    copy is created inside the workspace only, and a workspace, my-work/ or target that is a
    symbolic link is refused (a link could point anywhere, even a dangling one is written
    through). The copy's links are rewritten to work from my-work/."""
    _, names = _options(args, set(), set())
    shipped = ROOT / "exercises" / LANG
    available = sorted(p.stem for p in shipped.glob("*.ipynb") if p.is_file() and not p.is_symlink())
    if len(names) != 1:
        fail("exercise.usage", available=", ".join(available))
    name = names[0].removesuffix(".ipynb")
    if name not in available:  # a name from the list only: "../x", "/tmp/x", "a/b" are never in it
        fail("exercise.unknown", name=name, lang=LANG, available=", ".join(available))
    ws = workspace(ROOT)
    dest_dir = ws / "my-work"
    if dest_dir.is_symlink():
        fail("ws.symlink", path=f"{WORKSPACE}/my-work")
    tell(refresh_workspace(ROOT))  # the chapters and cases the copy links to
    if dest_dir.exists() and not dest_dir.is_dir():
        fail("ws.not_folder", path=f"{WORKSPACE}/my-work")
    dest_dir.mkdir(exist_ok=True)
    if dest_dir.resolve() != ROOT.resolve() / WORKSPACE / "my-work":
        fail("ws.outside", path=f"{WORKSPACE}/my-work")
    earlier = sorted(dest_dir.glob(f"{name}_{LANG}*.ipynb"))
    dest = dest_dir / f"{name}_{LANG}.ipynb"
    k = 2
    while dest.exists() or dest.is_symlink():
        if dest.is_symlink():
            fail("ws.symlink", path=dest.relative_to(ROOT).as_posix())
        dest = dest_dir / f"{name}_{LANG} ({k}).ipynb"
        k += 1
    data = relocate_notebook((shipped / f"{name}.ipynb").read_bytes(), f"exercises/{LANG}/{name}.ipynb",
                             f"my-work/{dest.name}")
    # O_EXCL | O_NOFOLLOW: create a new file or fail; never follow a link, never overwrite.
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    say("exercise.copied", path=dest.relative_to(ROOT).as_posix())
    if earlier:
        say("exercise.earlier")
    return 0


@command("class-repo", "help.class_repo")
def cmd_class_repo(args: list[str]) -> int:
    """Export the class repository (tools/class_repo.py: the course without its solutions)."""
    import importlib.util
    from datetime import date

    opts, rest = _options(args, {"--release-solutions"}, {"--lang", "--solutions-after"})
    if len(rest) != 1:
        fail("class_repo.usage")
    languages = None
    if "--lang" in opts:
        value = str(opts["--lang"])
        if value not in (*LANGUAGES, "both"):
            fail("lang.unknown", lang=value, available=available_languages() + ", both")
        languages = LANGUAGES if value == "both" else (value,)
    after = None
    if "--solutions-after" in opts:
        try:
            after = date.fromisoformat(str(opts["--solutions-after"]))
        except ValueError:
            fail("class_repo.bad_date", value=opts["--solutions-after"])
    spec = importlib.util.spec_from_file_location("class_repo", ROOT / "tools" / "class_repo.py")
    tool = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = tool  # standard library only: runs before any environment exists
    spec.loader.exec_module(tool)
    try:
        done = tool.export(rest[0], languages=languages, solutions_after=after,
                           release=bool(opts.get("--release-solutions")), root=ROOT)
    except tool.ClassRepoError as exc:  # the problems the tool reports, each with its message
        problems = {
            "inside_course": lambda v: fail("class_repo.inside_course", **v),
            "not_class_repo": lambda v: fail("class_repo.not_class_repo", **v),
            "no_git": lambda v: fail("class_repo.no_git", **v),
            "leak": lambda v: fail("class_repo.leak", **v),
            "git_failed": lambda v: fail("class_repo.git_failed", **v),
        }
        problems[exc.code](exc.values)
        raise  # not reached: fail() exits
    if done.commit:
        say("class_repo.done", out=done.out, files=done.files, langs=", ".join(done.languages), commit=done.commit[:10])
    else:
        say("class_repo.unchanged", out=done.out)
    if done.released:
        say("class_repo.released")
    elif done.solutions_after:
        say("class_repo.held_until", date=done.solutions_after.isoformat(), out=done.out)
    else:
        say("class_repo.held", out=done.out)
    if done.commit and done.first:
        say("class_repo.first_push", out=done.out)
    elif done.commit:
        say("class_repo.push", out=done.out)
    return 0


APPS_DIR = ROOT / "apps"  # apps/<lang>/<name>.ipynb (tools/build_apps.py); apps/template/: the Voilà template
APP_FONT = "crmlib/fonts/NotoSansSC-Regular.otf"  # the only file Voilà serves besides the apps (Chinese text)


def available_apps(lang: str, root: Path = ROOT) -> dict[str, str]:
    """``{name: title}`` of the case apps in ``lang``, read from ``apps/<lang>/*.ipynb``."""
    apps = {}
    for path in sorted((root / "apps" / lang).glob("*.ipynb")):
        try:
            apps[path.stem] = str(json.loads(path.read_text(encoding="utf-8"))["metadata"].get("title", path.stem))
        except (ValueError, KeyError, TypeError):
            apps[path.stem] = path.stem
    return apps


def app_url(port: int, token: str, lang: str, name: str) -> str:
    return f"http://127.0.0.1:{port}/voila/render/apps/{lang}/{name}.ipynb?token={token}"


def voila_command(port: int, token: str, python: str | None = None) -> tuple[list[str], dict[str, str]]:
    """The Voilà command line and environment that serve every app (``app_url`` opens one).

    Offline: the course's template ``crm`` (apps/template/, found through JUPYTER_PATH) drops the
    lab template's style sheets from a CDN, and Voilà serves the course's Chinese font; Voilà 0.5
    loads widget code only from the installed extensions, never from a CDN. 127.0.0.1 only, with
    a token.
    """
    cmd = [python or str(venv_python(LEARNER)), "-m", "voila", str(ROOT), "--no-browser", "--template=crm",
           "--Voila.ip=127.0.0.1", f"--Voila.port={port}", "--Voila.port_retries=0", f"--Voila.token={token}",
           f"--VoilaConfiguration.file_allowlist={re.escape(APP_FONT)}",  # a list option: one item per flag
           # Of the JupyterLab extensions only the widgets (others, such as nbgrader's or jupytext's in
           # a developer's environment, expect JupyterLab around them and fail on an app page).
           "--VoilaConfiguration.extension_allowlist=@jupyter-widgets/jupyterlab-manager",
           "--VoilaConfiguration.extension_allowlist=@voila-dashboards/widgets-manager8",
           # Now and then (1 page in 10 to 20 on a busy machine) Voilà's executor (nbclient, with
           # ipykernel 7) never receives the reply to the dashboard cell although the kernel has run it
           # and sits idle (tools/build_notebooks.py meets the same hang): the page would say
           # "Executing" for ever. After 60 s without a reply the cell counts as done with the outputs
           # it produced (a fake reply with this error name, allowed), so the page finishes.
           "--VoilaExecutor.timeout=60", "--VoilaExecutor.interrupt_on_timeout=True",
           "--VoilaExecutor.error_on_timeout=ename=CourseAppNoReply",
           "--VoilaExecutor.error_on_timeout=evalue=no execute reply from the kernel",
           "--VoilaExecutor.allow_error_names=CourseAppNoReply",
           # Voilà keeps an app's kernel after its page is closed: stop it after 5 idle minutes
           # without a page (a page left open keeps its kernel, cull_connected is off).
           "--MappingKernelManager.cull_idle_timeout=300", "--MappingKernelManager.cull_interval=60"]
    env = dict(os.environ)
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(APPS_DIR / "template"), env.get("JUPYTER_PATH")]))
    return cmd, env


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 300) -> bool:
    """Wait until something listens on 127.0.0.1:``port``; False if ``proc`` ends first or time runs out."""
    import socket
    import time

    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        with socket.socket() as s:
            s.settimeout(1)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.3)
    return False


@command("app", "help.app")
def cmd_app(args: list[str]) -> int:
    import secrets
    import webbrowser

    opts, names = _options(args, {"--no-browser"}, {"--port"})
    apps = available_apps(LANG)
    if not names:
        say("app.list", lang=LANG)
        width = max(map(len, apps), default=0)
        for name, title in apps.items():
            print(f"  {name.ljust(width)}  {title}")
        say("app.list_hint", lang=LANG)
        return 0
    name = names[0].removesuffix(".ipynb")
    if len(names) != 1 or name not in apps:  # a name from the list only, never a path
        fail("app.unknown", name=names[0], lang=LANG, available=", ".join(apps))
    ensure_env(LEARNER)
    port = int(opts["--port"]) if opts.get("--port") else _free_port()
    token = secrets.token_hex(16)
    cmd, env = voila_command(port, token)
    say("app.start", title=apps[name])
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    try:
        if not wait_for_port(port, proc):
            proc.terminate()
            say("app.failed")
            return 1
        url = app_url(port, token, LANG, name)
        say("app.url", url=url)
        if not opts.get("--no-browser"):
            webbrowser.open(url)
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        return 0


def _take_language(argv: list[str]) -> tuple[str, list[str]]:
    """``--lang X`` / ``--lang=X`` anywhere in argv: the language of messages and of the home page."""
    lang, rest, tail = default_language(), [], []
    editions = "class-repo" in argv  # class-repo's --lang (zh-CN|en|both) also picks the editions it exports
    it = iter(argv)
    for a in it:
        if a == "--lang" or a.startswith("--lang="):
            value = a.partition("=")[2] if "=" in a else next(it, "")
            if editions:
                tail = ["--lang", value]
                if value == "both":
                    continue
            if value not in LANGUAGES:
                fail("lang.unknown", lang=value, available=available_languages())
            lang = value
        else:
            rest.append(a)
    return lang, rest + tail


def main(argv: list[str]) -> int:
    global USE_CURRENT, LANG
    LANG = default_language()  # for an error about --lang itself
    LANG, argv = _take_language(argv)
    if "--here" in argv:
        USE_CURRENT = True
        argv = [a for a in argv if a != "--here"]
    if argv and argv[0] in ("-h", "--help", "help"):
        print(msg("help.main"))
        return 0
    name = argv[0] if argv and argv[0] in COMMANDS else "open"
    args = argv[1:] if argv and argv[0] in COMMANDS else argv
    if any(a in ("-h", "--help") for a in args):  # help never installs anything
        print(msg(COMMANDS[name].help))
        return 0
    return COMMANDS[name].run(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
