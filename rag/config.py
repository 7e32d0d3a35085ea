"""Project paths and settings read from environment variables once, with defaults that just work."""
from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKOUT = (ROOT / "pyproject.toml").exists()      # run from the repository, not from an installed package
# the bundled report, installed with the package (data/ links to it for the gold folders)
DEFAULT_CORPUS = Path(__file__).resolve().parent / "bundled" / "dazu-2024-government-work-report.txt"


def home() -> Path:
    """Where var/ (the library folder, the record of use) lives: $RAG_HOME, else the repository, else the
    current directory for an installed package."""
    return Path(os.environ.get("RAG_HOME") or (ROOT if CHECKOUT else Path.cwd()))
OFF = ("0", "false", "off", "no")


def index_dir() -> Path:
    """Where the index lives: $RAG_INDEX_DIR, else var/index inside the project (git-ignored)."""
    return Path(os.environ.get("RAG_INDEX_DIR") or home() / "var" / "index")


def corpus_paths() -> list[Path]:
    """Reports to index by default: $RAG_CORPUS (paths separated by os.pathsep), else the bundled report."""
    raw = os.environ.get("RAG_CORPUS", "")
    return [Path(p) for p in raw.split(os.pathsep) if p] or [DEFAULT_CORPUS]


@dataclass(frozen=True)
class Limits:
    """What one upload, one report, the library and one visitor may take."""
    upload_bytes: int = 30 * 2**20        # an upload larger than this is cut off while it streams in
    report_chars: int = 400_000           # text of one report (the largest real one is about 60,000)
    report_sentences: int = 5_000         # sentences of one report (the largest real one has about 1,600)
    library_reports: int = 200
    library_sentences: int = 200_000      # about 300 MB of vectors
    visitor_running: int = 2              # questions one visitor may have waiting or being answered at once
    visitor_per_minute: int = 30          # questions one visitor may ask in a minute
    queue_size: int = 256                 # questions waiting in the whole queue


@dataclass(frozen=True)
class Admin:
    """The administrators' app (报告库, 常见问题, feedback export): another port, behind a login."""
    enabled: bool = True
    host: str = "127.0.0.1"
    port: int = 7861
    user: str = ""
    password: str = ""

    @property
    def auth(self) -> tuple[str, str] | None:
        return (self.user, self.password) if self.user and self.password else None

    @property
    def local_only(self) -> bool:
        return is_loopback(self.host)

    def refusal(self) -> str:
        """Why the admin app will not start as configured ('' when it may)."""
        if not self.enabled:
            return "管理页已关闭（RAG_ADMIN=0）。"
        if self.auth is None and not self.local_only:
            return (f"管理页要监听 {self.host}，却没有设置 RAG_ADMIN_USER 和 RAG_ADMIN_PASSWORD："
                    "为安全起见没有启动。设置账号密码，或让它只监听 127.0.0.1。")
        if self.auth is not None and len(self.password) < 12:
            return "RAG_ADMIN_PASSWORD 太短（至少 12 个字符）：为安全起见没有启动管理页。"
        return ""


@dataclass(frozen=True)
class Settings:
    """Everything the app reads from its environment, read once where it starts."""
    host: str = "127.0.0.1"
    port: int = 7860
    admin: Admin = field(default_factory=Admin)
    limits: Limits = field(default_factory=Limits)
    log_path: Path | None = None   # the record of use (from_env: var/usage.sqlite); None: off
    retention_days: int = 90                                # questions older than this are deleted
    trust_proxy: bool = False      # take the visitor's address from X-Forwarded-For (set behind a reverse proxy)
    public_url: str = "http://127.0.0.1:7860"   # where visitors reach the public page (links from the admin page)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env

        def number(name: str, default: int) -> int:
            raw = env.get(name, "").strip()
            try:
                return int(raw) if raw else default
            except ValueError as exc:
                raise ValueError(f"环境变量 {name} 应是整数，现在是 “{raw}”。") from exc

        def switch(name: str, default: bool = True) -> bool:
            raw = env.get(name, "").strip().lower()
            return default if not raw else raw not in OFF

        base = Limits()
        limits = Limits(upload_bytes=number("RAG_MAX_UPLOAD_MB", base.upload_bytes // 2**20) * 2**20,
                        report_sentences=number("RAG_MAX_REPORT_SENTENCES", base.report_sentences),
                        library_reports=number("RAG_MAX_REPORTS", base.library_reports),
                        library_sentences=number("RAG_MAX_LIBRARY_SENTENCES", base.library_sentences),
                        visitor_running=number("RAG_VISITOR_RUNNING", base.visitor_running),
                        visitor_per_minute=number("RAG_VISITOR_PER_MINUTE", base.visitor_per_minute))
        admin = Admin(enabled=switch("RAG_ADMIN"), host=env.get("RAG_ADMIN_HOST") or "127.0.0.1",
                      port=number("RAG_ADMIN_PORT", 7861), user=env.get("RAG_ADMIN_USER", "").strip(),
                      password=env.get("RAG_ADMIN_PASSWORD", ""))
        log = None if not switch("RAG_LOG") else Path(env.get("RAG_LOG_PATH") or home() / "var" / "usage.sqlite")
        host, port = env.get("RAG_HOST") or "127.0.0.1", number("RAG_PORT", number("GRADIO_SERVER_PORT", 7860))
        return cls(host=host, port=port, admin=admin, limits=limits, log_path=log,
                   retention_days=number("RAG_RETENTION_DAYS", 90), trust_proxy=switch("RAG_TRUST_PROXY", False),
                   public_url=env.get("RAG_PUBLIC_URL") or f"http://{host}:{port}")


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
