"""Lines that have nothing to do with the notice: spam a mirror site injects, the news list beside
an article, a site's title bar. They are set aside as page furniture of the kind `UNRELATED`, named
to staff for review, and so never become a title, an issuer or a page address.

Each sign is a word list or a pattern below; `page.CHROME_RULES` holds the recogniser. A notice
*about* gambling or pornography (扫黄打非, 打击赌博) is not spam: a line that speaks of fighting,
forbidding or reporting what it names is never taken for it.
"""
from __future__ import annotations

import re

from . import thresholds as T
from .patterns import SENTENCE_PUNCT, clean, looks_like_title_end, marker, unspaced

UNRELATED = "疑似无关内容"

# Words no policy notice uses except to forbid them: one is enough on a line of its own.
SPAM_WORDS = tuple("""娱乐城 百家乐 真人视讯 真人荷官 老虎机 六合彩 时时彩 北京赛车 幸运飞艇 新葡京 威尼斯人 皇冠体育 太阳城集团
金沙娱乐 注册送 开户送 首存送 首充送 送彩金 彩金 返水 棋牌游戏 网上赌场 在线赌场 博彩平台 投注平台 体育投注 足球投注 电子游艺
捕鱼游戏 约炮 裸聊 一夜情 成人影院 成人视频 色情视频 黄色网站 无码视频 代开发票 发票代开 办证刻章 私家侦探 代孕 贷款秒批
网赚 日赚 兼职日结 刷单返利 澳门赌场 在线博彩 AV女优""".split())
# Words a notice may use in passing: two different ones on a line that fights none of them.
SUSPECT_WORDS = tuple("""博彩 赌博 赌场 赌球 彩票 投注 下注 赔率 娱乐 澳门 葡京 色情 成人 美女 激情 性感 直播 网址 官网 开户 充值
提现 注册 优惠 福利 免费""".split())
# A line that speaks of fighting what it names is a notice's own sentence.
AGAINST = re.compile(r"打击|整治|治理|严禁|禁止|查处|防范|警惕|诈骗|违法|犯罪|取缔|举报|专项|扫黄|打非|不得|严厉|依法|宣传|教育|管理")
# A news list's headline with its view count: "我县召开……会议  浏览次数：1234"
VIEW_COUNT = re.compile(r"^(?P<head>.+?)\s*[（(【\[]?\s*(?:阅读|浏览|点击|访问|阅读量|浏览量|点击量|点击数|阅读数|访问量|浏览次数|阅读次数"
                        r"|点击次数)\s*[:：]?\s*\d+\s*次?\s*[）)】\]]?$")
# A site's title bar printed with the page: "江华瑶族自治县人民政府门户网站", "首页 - 某县人民政府网"
SITE_TITLE = re.compile(r"^(?:[^。，；：！？\s]{0,40}\s*[-_|｜–—>＞]\s*)?(?!请|登录|登陆|访问|关注|详见|见|在|通过|可|到|进入)"
                        r"[^。，；：！？\s]{1,30}(?:省|市|县|区|州|盟|旗|镇|乡|国|人民政府|政府|局|委员会|委|办公室|办)"
                        r"(?:门户网站|网站|网|官方网站|政务网|信息网|新闻网)$")


def _candidate(text: str) -> str | None:
    line = clean(text)
    if not line or len(line) > T.UNRELATED_LINE_MAX or marker(line) is not None:
        return None
    return line


def looks_spam(text: str) -> bool:
    """A word no notice uses but to forbid it, on a line that forbids nothing: spam, whatever else it looks like."""
    line = _candidate(text)
    if line is None:
        return False
    squeezed = unspaced(line).upper()
    return not AGAINST.search(squeezed) and any(word.upper() in squeezed for word in SPAM_WORDS)


def looks_unrelated(text: str) -> bool:
    """Spam, a news headline with its view count, or a site's title bar: text no notice holds as a line."""
    line = _candidate(text)
    if line is None:
        return False
    if looks_spam(line):
        return True
    squeezed = unspaced(line)
    if not AGAINST.search(squeezed) and sum(word in squeezed for word in SUSPECT_WORDS) >= T.UNRELATED_SUSPECT_WORDS:
        return True
    headline = VIEW_COUNT.match(line)
    if headline:
        head = unspaced(headline["head"])
        cjk = sum("\u4e00" <= ch <= "\u9fff" for ch in head)
        if (cjk >= T.UNRELATED_HEADLINE_MIN_CJK and not looks_like_title_end(head)
                and not any(ch in "：:" for ch in head)):
            return True
    return bool(SITE_TITLE.match(line)) and not any(ch in SENTENCE_PUNCT for ch in squeezed)
