"""Remove the clear boilerplate that scraped plain text carries around an article.

Only whole lines are removed, and only lines that cannot be article prose: a trailing comment
form, "Read more" / "Related articles" blocks with their link titles, share / subscribe / cookie
lines, and repeated copies of the same line. Photo captions and datelines are kept.
"""

from __future__ import annotations

import re

# A line starting a blog's comment form: everything from it to the end is the form.
COMMENT_FORM = re.compile(
    r"(leave a (reply|comment)|post a comment|add a comment|join the (conversation|discussion)"
    r"|your email address will not be published.*|required fields are marked.*"
    r"|you must be logged in to post a comment.*"
    r"|fill in your details below or click an icon to log in.*)\W*",
    re.IGNORECASE,
)
# The comment form must follow this much text, so that a header link never cuts the article.
MIN_TEXT_BEFORE_COMMENT_FORM = 200

# Headings of lists of links to other pages; the link titles under them go too.
LINK_LIST_HEADING = re.compile(
    r"(read more|read next|(also|further) read(ing)?|read also"
    r"|related( articles| stories| news| content| coverage| topics)?"
    r"|recommended( for you| stories| articles| reading)?|more (stories|news|from [\w .'-]+)"
    r"|you (may|might) also like|see also|most (read|popular|viewed)|trending( now)?|top stories)"
    r"\W*",
    re.IGNORECASE,
)
LINK_TITLE_MAX = 120
LINK_LIST_MAX = 10

# Single lines of site furniture, matched as whole lines.
FURNITURE = re.compile(
    r"(share( this( article| story| page| video)?)?( on \w+)?|tweet|print|e-?mail( this)?"
    r"|(read|related|recommended|see also|watch|listen)\s*[:|»›>-].{0,150}"
    r"|subscribe( now| to [\w .'-]+)?|sign up( for [\w .'-]+)?|join (our|the) mailing list"
    r"|follow us( on [\w ,&'-]+)?|advertisement|skip to (main )?content"
    r"|(we|this (web)?site) uses? cookies.{0,200}|(accept|manage|reject)( all)? cookies"
    r"|cookie (policy|settings|preferences))\W*",
    re.IGNORECASE,
)

# Repeated lines shorter than this (bylines, "AP", dashes) may repeat legitimately.
MIN_REPEATED_WORDS = 4


def strip_boilerplate(text: str) -> str:
    """Return ``text`` without comment forms, link lists, furniture lines and repeated lines.

    Blank lines are kept, except one that would follow a blank line left by a removed line.
    """
    lines = _cut_comment_form(text.split("\n"))
    kept: list[str] = []
    seen: set[str] = set()
    in_link_list = 0
    removed = False  # a line was just dropped: a blank line after it would double a blank
    for line in lines:
        stripped = " ".join(line.split())
        if not stripped:
            if not (removed and kept and not kept[-1].strip()):
                kept.append(line)
            continue
        removed = True
        if LINK_LIST_HEADING.fullmatch(stripped):
            in_link_list = LINK_LIST_MAX
            continue
        if in_link_list and _looks_like_link_title(stripped):
            in_link_list -= 1
            continue
        in_link_list = 0
        if FURNITURE.fullmatch(stripped) or _is_repeat(stripped, seen):
            continue
        removed = False
        kept.append(line)
    return "\n".join(kept).strip("\n")


def _cut_comment_form(lines: list[str]) -> list[str]:
    """Cut at the first comment-form line after enough text, with form lines just before it."""
    length = 0
    for index, line in enumerate(lines):
        if length >= MIN_TEXT_BEFORE_COMMENT_FORM and _is_comment_form(line):
            start = index
            while start and (not lines[start - 1].strip() or _is_comment_form(lines[start - 1])):
                start -= 1
            return lines[:start]
        length += len(line.strip())
    return lines


def _is_comment_form(line: str) -> bool:
    return COMMENT_FORM.fullmatch(" ".join(line.split())) is not None


def _looks_like_link_title(line: str) -> bool:
    """A headline: short, and not ending like a sentence."""
    return len(line) <= LINK_TITLE_MAX and not line.endswith((".", "!", "?", '"', "”", ":"))


def _is_repeat(line: str, seen: set[str]) -> bool:
    if len(line.split()) < MIN_REPEATED_WORDS:
        return False
    key = line.casefold()
    if key in seen:
        return True
    seen.add(key)
    return False
