"""Splits body paragraphs into chunks at Chinese sentence ends; chunks never cross paragraphs."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from rag.types import Chunk, Paragraph

SENTENCE_SEPARATORS = ["。", "！", "？", "!", "?", "；", ";", "，", ",", ""]


@dataclass(frozen=True)
class ChunkSettings:
    """Chunk size in characters. ~200 Chinese characters is ~130 model tokens, well under 512."""
    size: int = 200
    overlap: int = 40
    separators: tuple[str, ...] = tuple(SENTENCE_SEPARATORS)

    def to_dict(self) -> dict:
        return {**asdict(self), "separators": list(self.separators), "unit": "characters"}


def _splitter(settings: ChunkSettings):
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    return RecursiveCharacterTextSplitter(
        chunk_size=settings.size, chunk_overlap=settings.overlap, separators=list(settings.separators),
        keep_separator="end", strip_whitespace=False, add_start_index=True)


def chunk_paragraphs(paragraphs: list[Paragraph], settings: ChunkSettings = ChunkSettings()) -> list[Chunk]:
    """One chunk per short body paragraph; long ones split with a small overlap."""
    splitter = _splitter(settings)
    chunks: list[Chunk] = []
    for par in paragraphs:
        if par.kind != "body":
            continue  # a heading's words already travel with every chunk below it
        if len(par.text) <= settings.size:
            pieces = [(par.text, 0)]
        else:
            docs = splitter.create_documents([par.text])
            pieces = [(d.page_content, d.metadata["start_index"]) for d in docs]
        for i, (text, start) in enumerate(pieces):
            assert par.text[start:start + len(text)] == text, "chunk text must stay verbatim"
            chunks.append(Chunk(f"{par.id}-c{i}", par.doc, par.id, par.section, text, start))
    return chunks


def embedding_text(chunk: Chunk) -> str:
    """What gets embedded: the heading path as context, then the verbatim chunk."""
    return f"{chunk.section_path}\n{chunk.text}" if chunk.section else chunk.text
