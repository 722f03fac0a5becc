"""Whole article pages fetched from a local site: exact bodies, links and metadata."""

from __future__ import annotations

import feedparser
import httpx
import pytest

from tnews.content.document import ArticleContent, BlockKind, Link, Style
from tnews.content.extract import extract_page, looks_like_summary
from tnews.content.html import html_to_content
from tnews.content.labels import normalize
from tnews.layout.blocks import block_direction

CHROME = [
    "زر الذهاب إلى الأعلى",
    "الأكثر قراءة",
    "شارك",
    "اترك تعليقاً",
    "لن يتم نشر عنوان بريدك الإلكتروني",
    "إرسال التعليق",
    "اتصل بنا",
    "الرئيسية",
    "جميع الحقوق محفوظة",
    "سياسة الخصوصية",
    "مقالات ذات صلة",
    "تابع أيضا",
    "عاجل",
    "انقطاع الكهرباء",
    "الوسوم",
    "فيسبوك",
    "واتساب",
    "تقلبات جوية",
]


def fetch(site: str, path: str) -> ArticleContent:
    response = httpx.get(site + path)
    response.raise_for_status()
    return extract_page(response.content, str(response.url), response.headers.get("content-type"))


def paragraphs(content: ArticleContent) -> list[str]:
    return [b.text for b in content.document.blocks]


def assert_no_chrome(content: ArticleContent, chrome: list[str]) -> None:
    # Whole words only: «ستشارك» in a sentence is not the share button «شارك».
    body = f" {normalize(content.document.plain_text)} "
    for text in chrome:
        assert f" {normalize(text)} " not in body, text


def test_wordpress_page(site: str) -> None:
    content = fetch(site, "/2024/05/19/small-business-plan/")
    assert paragraphs(content) == [
        "أعلنت الحكومة اليوم الأحد عن خطة وطنية جديدة لدعم المشروعات الصغيرة والمتوسطة، تتضمن "
        "قروضا ميسرة للشباب وتسهيلات في إجراءات التسجيل والترخيص في جميع البلديات.",
        "وقال وزير الاقتصاد في مؤتمر صحفي عقده بمقر الوزارة إن الخطة تستهدف تمويل أكثر من خمسة "
        "آلاف مشروع خلال العامين المقبلين، وإن المصارف التجارية ستشارك في التمويل بضمانات حكومية.",
        "وأوضح الوزير أن الأولوية ستكون للمشروعات الزراعية والصناعات الغذائية والتقنية، مشيرا إلى "
        "أن لجنة فنية ستتولى دراسة الطلبات خلال مدة لا تتجاوز ثلاثين يوما من تاريخ تقديمها.",
        "من جهتها رحبت غرفة التجارة والصناعة بالخطة، ودعت إلى تبسيط الإجراءات المصرفية وتوفير "
        "برامج تدريب لأصحاب المشروعات الجديدة حتى تتمكن من المنافسة في السوق المحلية.",
        "ومن المقرر أن تبدأ الوزارة في استقبال الطلبات مطلع الشهر المقبل عبر منصة إلكترونية خاصة، "
        "على أن تعلن أسماء المشروعات المقبولة في الدفعة الأولى قبل نهاية الصيف.",
    ]
    # The page's dir and lang only suggest; the text itself reads right to left.
    assert all(
        b.kind is BlockKind.PARAGRAPH and b.fallback == "rtl" and block_direction(b, 0) == 1
        for b in content.document.blocks
    )
    bold = content.document.blocks[1]
    assert [bold.text[s.start : s.end] for s in bold.spans] == ["خمسة آلاف مشروع"]
    assert bold.spans[0].style is Style.BOLD
    assert content.see_also == (
        Link(
            "https://news.example.ly/2024/05/18/central-bank-rates/",
            "المصرف المركزي يخفض سعر الفائدة على القروض الإنتاجية",
        ),
        Link(
            "https://news.example.ly/2024/05/17/youth-employment/",
            "إطلاق برنامج لتشغيل الشباب في البلديات الجنوبية",
        ),
        Link(
            f"{site}/2024/05/15/%D8%A7%D9%84%D9%85%D9%88%D8%A7%D9%86%D8%A6/",
            "تطوير الموانئ التجارية ضمن خطة التنمية",
        ),
    )
    assert content.related == (
        Link(
            "https://news.example.ly/2024/05/16/exports/",
            "ارتفاع الصادرات غير النفطية خلال الربع الأول",
        ),
        Link(
            "https://news.example.ly/2024/05/14/budget/", "مجلس النواب يناقش مشروع الميزانية العامة"
        ),
    )
    assert content.section == "أخبار"
    assert content.title == "الحكومة تعلن خطة لدعم المشروعات الصغيرة"
    assert content.dateline == "طرابلس- وكالة الأنباء الليبية"
    assert content.lead_caption == "وزير الاقتصاد خلال المؤتمر الصحفي في طرابلس"
    assert_no_chrome(content, [*CHROME, content.dateline, content.lead_caption])
    assert not content.is_summary


def test_modern_page_with_small_body(site: str) -> None:
    content = fetch(site, "/arabic/world/2024/5/19/talks-resume")
    assert paragraphs(content) == [
        "قال مسؤولون مصريون اليوم الأحد إن المحادثات بين الطرفين ستستأنف الأسبوع المقبل في القاهرة "
        "بعد توقف دام نحو شهر، وسط ضغوط دولية متزايدة للتوصل إلى اتفاق.",
        "وأضاف المسؤولون أن الوسطاء قدموا مقترحا معدلا يتضمن مراحل متتابعة لوقف إطلاق النار وتبادل "
        "المحتجزين، وأن الطرفين أبديا استعدادا مبدئيا لمناقشته.",
        'وقال دبلوماسي غربي مطلع على سير المفاوضات إن "الفجوات ما زالت كبيرة"، لكنه أشار إلى أن '
        "عودة الوفود إلى الطاولة تمثل خطوة مهمة في حد ذاتها.",
        "ومن المتوقع أن يشارك في الجولة الجديدة مسؤولون من ثلاث دول على الأقل، بحسب ما ذكرته مصادر "
        "مطلعة طلبت عدم الكشف عن هويتها لأنها غير مخولة بالحديث لوسائل الإعلام.",
    ]
    assert content.dateline == "القاهرة (رويترز)"
    assert content.lead_caption == "وفدا التفاوض في جلسة سابقة (رويترز)"
    assert content.title == "استئناف المحادثات الأسبوع المقبل"
    # The URL's section (/arabic/world/) as the page's own links name it, not the slug.
    assert content.section == "العالم"
    assert content.see_also == ()
    assert_no_chrome(content, ["عاجل", "زلزال", "عنوان قصة", "أبرز القصص", "القائمة", "من نحن"])


def test_br_body_with_inline_read_also(site: str) -> None:
    content = fetch(site, "/politics/2024/05/19/elections-law.html")
    assert paragraphs(content) == [
        "أقر البرلمان في جلسته العامة مساء أمس تعديلات على قانون الانتخابات تشمل زيادة عدد الدوائر "
        "وتعديل شروط الترشح، بعد نقاش استمر أكثر من خمس ساعات بين الكتل النيابية.",
        "وصوت لصالح التعديلات مئة وعشرون نائبا من أصل مئة وثمانين حضروا الجلسة، فيما اعترض عليها "
        "نواب المعارضة الذين طالبوا بتأجيل التصويت إلى حين استكمال المشاورات.",
        "وقال رئيس البرلمان في تصريحات صحفية عقب الجلسة إن التعديلات تهدف إلى تحقيق تمثيل أوسع "
        "للمحافظات، وإن القانون سيحال إلى الحكومة لإصدار اللوائح التنفيذية.",
        "ومن المنتظر أن تجرى الانتخابات في موعدها المحدد في الخريف المقبل، وفق ما أعلنته الهيئة "
        "العليا للانتخابات في بيان سابق.",
    ]
    assert content.see_also == (
        Link(
            f"{site}/politics/2024/05/18/opposition-boycott.html",
            "المعارضة تلوّح بمقاطعة الانتخابات المقبلة",
        ),
    )
    assert content.section == "سياسة"
    assert content.dateline == ""
    assert_no_chrome(content, ["اقرأ أيضا", "شارك", "جميع الحقوق محفوظة", "الصفحة الرئيسية"])


def test_english_page(site: str) -> None:
    content = fetch(site, "/world/middle-east/2024/05/19/talks-resume/")
    assert paragraphs(content) == [
        "Egyptian officials said on Sunday that talks between the two sides would resume in Cairo "
        "next week after a pause of about a month, amid growing international pressure for a deal.",
        "The officials said mediators had presented an amended proposal with successive phases of "
        "a ceasefire and an exchange of detainees, and that both sides had shown initial "
        "willingness to discuss it.",
        'A Western diplomat familiar with the negotiations said "the gaps remain wide", but noted '
        "that the return of the delegations to the table was an important step in itself.",
        "Officials from at least three countries are expected to take part in the new round, "
        "according to sources who asked not to be named because they were not authorised to speak "
        "to the media.",
    ]
    assert content.dateline == "CAIRO (Reuters)"
    assert content.see_also == (
        Link(
            f"{site}/world/middle-east/2024/05/18/mediators-meet/",
            "Mediators meet in Doha to prepare new round",
        ),
        Link(
            "https://example-news.com/world/2024/05/17/aid-convoys/",
            "Aid convoys cross the border for the first time in weeks",
        ),
    )
    assert content.related == (
        Link(
            f"{site}/world/middle-east/2024/05/12/ceasefire-proposal/",
            "What is in the new ceasefire proposal?",
        ),
        Link(
            f"{site}/world/middle-east/2024/05/10/hostage-families/",
            "Families of detainees rally outside the parliament",
        ),
    )
    assert content.section == "Middle East"
    assert content.title == "Egypt says talks to resume next week"
    assert all(b.direction is None and block_direction(b, 1) == 0 for b in content.document.blocks)
    assert_no_chrome(content, ["Read also", "Share", "Most read", "Cup final", "Copyright", "Home"])


GOLD = [
    "سجلت أسعار الذهب في الأسواق المحلية ارتفاعا ملحوظا خلال تعاملات اليوم، متأثرة بصعود الأسعار "
    "العالمية وزيادة الطلب قبل موسم الأعراس.",
    "وقال تجار في سوق الذهب إن سعر الغرام من عيار واحد وعشرين ارتفع بنسبة ثلاثة في المئة مقارنة "
    "بالأسبوع الماضي، وإن الإقبال على الشراء ما زال مرتفعا.",
    "ويتوقع محللون أن تستمر الأسعار في الارتفاع خلال الأسابيع المقبلة ما لم تتراجع الأسعار في "
    "البورصات العالمية.",
]


@pytest.mark.parametrize("path", ["/economy/2024/gold.html", "/economy/2024/gold-iso.html"])
def test_legacy_arabic_encodings(site: str, path: str) -> None:
    content = fetch(site, path)
    assert paragraphs(content) == GOLD
    assert content.title == "ارتفاع أسعار الذهب في الأسواق المحلية"
    assert content.section == "اقتصاد"  # the page's link to /economy/, not the slug


def test_summary_feed_item_leads_to_the_full_page(site: str) -> None:
    feed = feedparser.parse(httpx.get(site + "/feed/").content)
    entry = feed.entries[0]
    summary = html_to_content(entry.summary, base_url=entry.link)
    assert [b.text for b in summary.document.blocks] == [
        "أعلنت الحكومة اليوم الأحد عن خطة وطنية جديدة لدعم المشروعات الصغيرة والمتوسطة […]"
    ]
    assert summary.is_summary and looks_like_summary(summary)
    page = extract_page(httpx.get(entry.link).content, entry.link, "text/html")
    assert not looks_like_summary(page)
    assert len(page.document.blocks) == 5
    assert page.document.blocks[0].text.startswith(summary.document.blocks[0].text[:40])
