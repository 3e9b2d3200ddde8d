"""Synthetic question banks for the benchmarks: any size, valid, deterministic.

The questions imitate the shipped bank (decks/*.yaml): a one-line question,
three to six options of two to four sentences, a rationale per option, a
tip on most questions, inline code in some texts and a fenced code block in
about one question in ten. Like a bank fit to ship, they pass the tool's
item-writing checks: the correct option is as long as the others (within
1.5 times the longest wrong one, and the longest in about one question in
four), no option says "always" or "usually", and no option alone repeats the
question's words, so a build spends no time placing warnings a real bank
would not have. (At 5 questions chance makes one letter correct in 3 of them:
one warning.)

The variant "with warnings" (`warned=True`) is a bank as authors first write
it: each option's prose is drawn from 15 to 60 words and any option may be
the correct one, so about 4% of questions draw `much-longer-correct`.

The same size and variant always give the same file, so every round and
every tool reads identical input.

    python -m benchmarks.synthetic [--warned] 1000 out.yaml
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

WORDS = (
    "the", "request", "response", "handler", "route", "dependency", "session", "database", "query",
    "cache", "token", "client", "server", "worker", "thread", "process", "event", "loop",
    "coroutine", "schema", "model", "field", "value", "error", "status", "header", "body",
    "payload", "timeout", "retry", "connection", "pool", "transaction", "index", "migration",
    "test", "fixture", "mock", "deployment", "container", "service", "queue", "message", "broker",
    "log", "metric", "trace", "latency", "throughput", "memory", "startup", "shutdown", "config",
    "secret", "user", "scope", "I", "would", "use", "a", "an", "it", "is", "that", "this", "when",
    "because", "so", "then", "first", "and", "or", "but", "with", "without", "for", "in", "on",
    "at", "by", "from", "into", "after", "before", "each", "also",
    "keeps", "makes", "runs", "calls", "returns", "raises", "validates",
    "serialises", "stores", "reads", "writes", "sends", "blocks", "awaits", "opens", "closes",
    "checks", "limits", "handles", "measures", "explains", "covers", "misses",
)
# The questions' own words, none of them in an option (nor the start of one): an
# option that alone repeats the question's words would give itself away.
QUESTION_WORDS = (
    "how", "why", "would", "you", "design", "justify", "approach", "choose", "describe",
    "compare", "scale", "secure", "monitor", "debug", "structure", "organise", "version",
    "document", "ship", "profile", "tune", "isolate", "recover", "the", "a", "your", "an",
    "api", "endpoint", "system", "team", "production", "under", "load",
)
QUESTION_CODE_NAMES = ("WebSocket", "UploadFile", "CORSMiddleware", "StaticFiles")
CODE_NAMES = (
    "Depends", "get_db", "async def", "BackgroundTasks", "response_model", "HTTPException",
    "yield", "Field(ge=0)", "APIRouter", "TestClient", "lifespan", "status_code=201",
)
FENCED_BLOCK = """```python
@app.get("/items/{item_id}", response_model=Item)
async def read_item(item_id: int, db: Session = Depends(get_db)) -> Item:
    item = await db.get(Item, item_id)
    if item is None:
        raise HTTPException(status_code=404, detail="Item not found")
    return item
```"""
WRAP = 88


def sentence(
    rng: random.Random,
    low: int,
    high: int,
    *,
    inline_code: bool,
    vocabulary: tuple[str, ...] = WORDS,
    code_names: tuple[str, ...] = CODE_NAMES,
) -> str:
    words = rng.choices(vocabulary, k=rng.randint(low, high))
    if inline_code:
        # Never first: a YAML plain scalar cannot start with a backtick.
        words.insert(rng.randint(1, len(words)), f"`{rng.choice(code_names)}`")
    if len(words) > 6 and rng.random() < 0.3:
        words[len(words) // 2] += ","
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def prose(rng: random.Random, sentences: tuple[int, int], code_chance: float) -> str:
    return " ".join(
        sentence(rng, 6, 18, inline_code=rng.random() < code_chance)
        for _ in range(rng.randint(*sentences))
    )


def folded(key: str, text: str, indent: str, body_indent: str) -> str:
    """`key: >-` with the text wrapped below it, as authors write long prose."""
    return f"{indent}{key}: >-\n" + "".join(f"{body_indent}{line}\n" for line in wrapped(text))


def wrapped(text: str) -> list[str]:
    """Greedy wrapping at `WRAP` columns (textwrap is several times slower)."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > WRAP:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return lines


def literal(key: str, text: str, indent: str) -> str:
    """`key: |-` keeping the text's lines, for text with a code block."""
    body = "\n".join(f"{indent}  {line}" if line else "" for line in text.split("\n"))
    return f"{indent}{key}: |-\n{body}\n"


def fair_options(rng: random.Random, count: int) -> tuple[list[str], int]:
    """Options of two to four sentences, and a correct one no learner could pick by its length."""
    texts = [prose(rng, (2, 4), 0.3) for _ in range(count)]
    words = [len(text.split()) for text in texts]
    correct = rng.choice(
        [
            index
            for index in range(count)
            if words[index] < 1.5 * max(w for i, w in enumerate(words) if i != index)
        ]
    )
    return texts, correct


def warned_options(rng: random.Random, count: int) -> tuple[list[str], int]:
    """Options of 15 to 60 words of prose, and any one of them correct, however long."""
    return [sized_prose(rng, rng.randint(15, 60), 0.3) for _ in range(count)], rng.randrange(count)


def sized_prose(rng: random.Random, words: int, code_chance: float) -> str:
    """`words` words of prose in sentences of 6 to 18 (inline code adds its own words)."""
    sentences = []
    while words:
        length = rng.randint(6, 18)
        if words - length < 6:
            length = words  # no sentence of fewer than six words at the end
        sentences.append(sentence(rng, length, length, inline_code=rng.random() < code_chance))
        words -= length
    return " ".join(sentences)


def question_yaml(rng: random.Random, number: int, *, warned: bool = False) -> str:
    with_block = rng.random() < 0.1
    question = sentence(
        rng,
        8,
        20,
        inline_code=rng.random() < 0.2,
        vocabulary=QUESTION_WORDS,
        code_names=QUESTION_CODE_NAMES,
    )
    question = question[:-1] + "?"
    tags = ", ".join(sorted(set(rng.choices(WORDS[:60], k=rng.randint(1, 3)))))
    count = rng.choice((3, 4, 4, 4, 4, 5, 6))
    texts, correct = (warned_options if warned else fair_options)(rng, count)
    parts = [
        f"  - id: q-{number:06d}\n",
        f"    question: {question}\n" if not with_block else "",
        f"    tags: [{tags}]\n",
    ]
    if with_block:
        parts[1] = literal("question", f"{question}\n\n{FENCED_BLOCK}", "    ")
    parts.append("    options:\n")
    for index in range(count):
        why = prose(rng, (1, 3), 0.2)
        parts.append(folded("- text", texts[index], "      ", " " * 10))
        if index == correct:
            parts.append("        correct: true\n")
        parts.append(folded("why", why, "        ", " " * 10))
    if rng.random() < 0.8:
        parts.append(folded("tip", prose(rng, (1, 2), 0.2), "    ", " " * 6))
    return "".join(parts)


def bank_yaml(size: int, seed: int = 0, *, warned: bool = False) -> str:
    rng = random.Random(f"bench{'-warned' if warned else ''}:{seed}:{size}")
    header = (
        "# Synthetic bank for the benchmarks (benchmarks/synthetic.py); do not edit.\n"
        "deck:\n"
        f"  id: bench-{'warned-' if warned else ''}{size}\n"
        f"  name: Benchmark bank ({size:,} questions{', with warnings' if warned else ''})\n"
        "  description: Generated questions of realistic length.\n"
        "  shuffle: true\n"
        "questions:\n"
    )
    return header + "".join(
        question_yaml(rng, number, warned=warned) for number in range(1, size + 1)
    )


def write_bank(size: int, path: Path, seed: int = 0, *, warned: bool = False) -> Path:
    """Write the bank of `size` questions to `path` (skipped if it is already there)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        scratch = path.with_name(path.name + ".tmp")
        scratch.write_text(bank_yaml(size, seed, warned=warned), encoding="utf-8")
        scratch.replace(path)
    return path


if __name__ == "__main__":
    warned = "--warned" in sys.argv[1:2]
    arguments = sys.argv[1 + warned :]
    if len(arguments) != 2:
        sys.exit(f"usage: {sys.argv[0]} [--warned] SIZE OUT.yaml")
    write_bank(int(arguments[0]), Path(arguments[1]), warned=warned)
