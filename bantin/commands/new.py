"""`bantin new`: a new post with its front matter and photo folder. At a terminal it asks for
every value the options do not give, again until each answer is right; otherwise it takes the
options alone, all of them checked before anything is written."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from dataclasses import replace
from typing import Generic, TypeVar

from bantin.commands.runner import Exit, refuse, registry_of
from bantin.model import dates


def new(args) -> int:
    from bantin.model.calendar import term_problems, terms_at
    from bantin.model.terms import proposed_terms
    from bantin.tools.errors import EditorError
    from bantin.tools.known_posts import known_posts
    from bantin.tools.new_answers import FLAGS, Answers, outside_term, read_options
    from bantin.tools.new_interview import interview
    from bantin.tools.new_post import address_taken, new_post, now_rounded, write_new

    loaded = registry_of(args)
    if isinstance(loaded, Exit):
        return loaded
    root, registry, settings = loaded
    given = {"title": args.title, "date": args.date, "agency": args.agency, "units": args.units, "terms": args.term,
             "kind": args.kind, "author": args.author}
    now = now_rounded()
    folders = {"posts_dir": settings.posts_dir, "images_dir": settings.images_dir}

    interactive = sys.stdin is not None and sys.stdin.isatty()  # closed (<&-) or a pipe: nothing to ask
    # The posts already written (a few seconds at 10,000 posts): read while the user types.
    known = _Background(lambda: known_posts(root, settings.posts_dir, registry), start=interactive)

    def taken(title, moment):
        return address_taken(root, title, moment, known(), **folders)

    if interactive:
        _line_editing()
        try:
            answers = interview(registry, given, now=now, taken=taken, ask=input, say=print,
                                propose=lambda moment, agency, units: proposed_terms(
                                    moment, agency.key, [u.key for u in units], known().terms,
                                    calendar=terms_at(registry, moment, agency.key, [u.key for u in units])))
        except (KeyboardInterrupt, EOFError):  # Ctrl-C or Ctrl-D at a prompt: nothing written yet
            print()  # end the prompt's line
            raise
    else:
        result = read_options(given, registry, now)
        if not isinstance(result, Answers):
            return _refused(given, result)
        answers = result
        problem = taken(answers.title, answers.date)
        if problem is not None:
            return refuse(problem.message, problem.hint, Exit.CONTENT)
        units = [u.key for u in answers.units]
        if not answers.terms:  # the term calendar's, from the date
            answers = replace(answers, terms=terms_at(registry, answers.date, answers.agency.key, units))
            if answers.terms:
                print(f"Nhiệm kỳ theo ngày {dates.format_short(answers.date)}: "
                      f"{', '.join(str(t) for t in answers.terms)} (lịch nhiệm kỳ trong registry.yml).")
        problems = term_problems(registry, answers.date, answers.agency.key, units, answers.terms)
        warning = outside_term(answers.terms, answers.date) or (problems[0].message if problems else None)
        if warning:
            print(f"CẢNH BÁO: {warning} → kiểm tra lại {FLAGS['terms']} và {FLAGS['date']}.", file=sys.stderr)
    post = new_post(root, answers, **folders)
    try:
        write_new(post)
    except EditorError as exc:  # made by someone else since it was checked
        return refuse(exc.message, exc.hint, Exit.USAGE if exc.usage else Exit.CONTENT)
    print(f"Đã tạo bài '{post.path.relative_to(root).as_posix()}' và thư mục ảnh "
          f"'{post.images.relative_to(root).as_posix()}/'.")
    if answers.date > dates.now():
        print(f"Lưu ý: bài có ngày {dates.format_typed(answers.date)} trong tương lai, nên chỉ hiện trên trang từ "
              "ngày đó (xem trước ngay: bantin serve --drafts).")
    print("Tiếp theo: mở bài để viết nội dung, rồi chạy 'bantin check' và 'bantin serve' để xem trước.")
    return Exit.OK


def _refused(given: dict, problems) -> Exit:
    """Every problem of the command line's options, then the exit code: 2 when an option is
    missing or cannot be read, 1 when the registry or the build's limits refuse a value."""
    from bantin.tools.new_answers import FLAGS

    missing = [FLAGS[name] for name in ("title", "agency", "kind") if not given.get(name)]
    if missing:
        print("LỖI: thiếu " + ", ".join(missing)
              + ". Ví dụ: bantin new --tieu-de \"Đại hội Chi bộ Văn phòng\" --co-quan so-cong-thuong "
                "--loai dai-hoi-chi-bo (hoặc chạy 'bantin new' trong cửa sổ lệnh để được hỏi từng mục)",
              file=sys.stderr)
    for _, problem in problems:
        refuse(problem.message, problem.hint)
    return Exit.USAGE if missing or any(problem.usage for _, problem in problems) else Exit.CONTENT


T = TypeVar("T")


class _Background(Generic[T]):
    """A value made once: in a thread of its own from the start (`start`), or when first asked
    for. Asking waits for it; what making it raised is raised where it is asked for."""

    def __init__(self, make: Callable[[], T], *, start: bool):
        self._make = make
        self._value: T | None = None
        self._error: BaseException | None = None
        self._done = False
        self._thread = threading.Thread(target=self._run, daemon=True) if start else None
        if self._thread is not None:
            self._thread.start()  # a daemon: Ctrl-C at a prompt does not wait for it

    def _run(self) -> None:
        try:
            self._value = self._make()
        except BaseException as exc:  # noqa: BLE001 - handed to the thread that asks
            self._error = exc
        self._done = True

    def __call__(self) -> T:
        if self._thread is not None:
            self._thread.join()
        elif not self._done:
            self._run()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]  # made: a T


def _line_editing() -> None:
    """Arrow keys and history at the prompts where the system has readline; bytes that are not
    UTF-8 read as U+FFFD (then asked again) rather than stopping the command."""
    try:
        import readline  # noqa: F401 - importing it is what gives input() line editing
    except ImportError:  # Windows: the console edits lines itself
        pass
    reconfigure = getattr(sys.stdin, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")
