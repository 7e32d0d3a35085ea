"""`python -m eval formats OUT`: reports as people download them, made from the text of ours — a government site's
page saved as .html, that page printed to PDF by Chromium (navigation, breadcrumb, 发布时间/来源/浏览次数, running
headers and page numbers included), Word, and UTF-16 / GBK text — to test the readers end to end."""
from __future__ import annotations

import html
import random
import shutil
import subprocess
import tempfile
from pathlib import Path

from rag.ingest.read import read_file

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SITE = ("""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}_{site}</title>
<style>body{{font-family:"Noto Sans CJK SC",sans-serif;margin:0}} .top{{background:#b91c1c;color:#fff;padding:8px}}
.nav a{{color:#fff;margin-right:18px}} .crumb{{font-size:13px;color:#555;margin:10px 24px}}
.info{{font-size:13px;color:#777;text-align:center}} article{{margin:0 48px}} p{{text-indent:2em;line-height:1.8}}
h1{{text-align:center;font-size:24px}} footer{{margin-top:40px;font-size:12px;color:#777;text-align:center}}</style>
</head><body><div class="top"><div class="logo">{site}</div>"""
        """<div class="nav"><a href="/">首页</a><a href="#">政务公开</a>
<a href="#">政策文件</a><a href="#">互动交流</a><a href="#">办事服务</a><a href="#">走进{place}</a></div></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="#">政务公开</a> &gt; <a href="#">政府工作报告</a></div>
<h1>{title}</h1><div class="info">发布时间：{date}　来源：{source}　浏览次数：{views}　"""
        """【字体：大 中 小】【打印】【关闭】</div>
<article>{body}</article>
<div class="share">分享到：微信 微博 QQ空间</div><div class="related">相关链接：<a href="#">{place}概况</a></div>
<footer>主办单位：{place}人民政府办公室　网站标识码：{code}　{icp}<br>版权所有 © {site}　联系我们　网站地图</footer>
</body></html>""")


def site_page(path: Path, place: str, source: str = "政府办公室", seed: int = 0) -> str:
    """The report at `path` as a page of its government's web site (its title as the page heading)."""
    rng = random.Random(seed)
    blocks, _ = read_file(path)
    title, body = blocks[0].text, blocks[1:]
    paragraphs = "".join(f"<p>{html.escape(b.text)}</p>" for b in body)
    return SITE.format(title=html.escape(title), site=f"{place}人民政府网", place=place, body=paragraphs,
                       date=f"20{rng.randint(19, 25)}-0{rng.randint(1, 3)}-{rng.randint(10, 28)}"
                            f" 09:{rng.randint(10, 59)}",
                       source=source, views=rng.randint(300, 90000), code=rng.randint(10**9, 10**10 - 1),
                       icp=f"冀ICP备{rng.randint(10**7, 10**8 - 1)}号")


def print_pdf(page_html: str, out: Path) -> Path:
    """The page printed to PDF by Chromium, with its usual running header (date, title) and footer (address,
    page n/m)."""
    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(page_html, encoding="utf-8")
        subprocess.run([str(CHROMIUM), *ARGS, f"--user-data-dir={tmp}/profile", f"--print-to-pdf={out}",
                        page.as_uri()], check=True, capture_output=True, timeout=120)
    return out


def word(path: Path, out: Path) -> Path:
    """The report as a .docx: its first line a Title, the rest paragraphs."""
    import docx

    blocks, _ = read_file(path)
    d = docx.Document()
    d.add_paragraph(blocks[0].text, style="Title")
    for b in blocks[1:]:
        d.add_paragraph(b.text)
    d.save(str(out))
    return out


def recoded(path: Path, out: Path, encoding: str) -> Path:
    """The text report in another encoding (utf-16 with its byte-order mark, gb18030…)."""
    out.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    return out


def make_library(out: Path, root: Path) -> list[Path]:
    """Six sealed reports of six places as people download them: a saved site page, two site pages printed to PDF,
    two Word files and UTF-16 text."""
    out.mkdir(parents=True, exist_ok=True)
    counties, national = root / "data" / "counties", root / "data" / "national"
    made = [
        out / "xushui-2024.html", out / "national-2023.pdf", out / "laiyuan-2025.docx",
        out / "shunping-2024-utf16.txt", out / "guangxi-2025.docx", out / "henan-2025.pdf",
    ]
    made[0].write_text(site_page(counties / "xushui-2024.txt", "保定市徐水区", seed=1), encoding="utf-8")
    print_pdf(site_page(national / "national-2023.txt", "中国政府网", "新华社", seed=2), made[1])
    word(counties / "laiyuan-2025.txt", made[2])
    recoded(counties / "shunping-2024.txt", made[3], "utf-16")
    shutil.copy(root / "data" / "provinces-2025" / "guangxi-2025.docx", made[4])
    print_pdf(site_page(root / "data" / "provinces-2025" / "henan-2025.docx", "河南省", "河南日报", seed=3), made[5])
    return made
