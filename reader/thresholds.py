"""Every number the reader judges a line by, in one place, each with the reason it has its value.

The recognisers in `patterns.py`, `page.py`, `split.py`, `grammar.py` and `tables.py` import
these names; none of them holds a bare length or count of its own.
"""

# --- titles --------------------------------------------------------------------------
TITLE_MAX_LINES = 4  # a title typeset over more lines than this is not a title
TITLE_MAX_CHARS = 120  # the longest real titles (印发《…》的通知) stay well below this
TITLE_FIRST_LINE_MAX = 100  # a first line longer than this is a sentence (印发《…》《…》的通知 runs to 90)
TITLE_SUFFIX_MAX = 4  # "…防控指挥部" + "2号令" / "通 告": a last line this short only completes the title
TITLE_OPENER_WITHIN = 40  # 关于 / 印发 … must stand this early in a title's first line
TITLE_MAX_GAP = 3  # raw lines between two lines of one title (more blank lines: not the same title)
TITLE_CONFIRM_LINES = 4  # non-blank lines below a title searched for its 文号, 登记号 or 主送
TITLE_SEARCH_LINES = 12  # a text with no confirmed title: its first lines searched for one
HEADER_TITLE_MIN_OVERLAP = 8  # a typeset title this long that begins the page-header title is completed by it
UNTITLED_NAME_CHARS = 24  # a text without a title is named by this many of its first characters
CATEGORY_TAG_MAX = 8  # "规范性文件", "应急预案": a site's category printed before a title is a column's name this short
WHOLE_TITLE_MIN = 8  # a line this long ending like a title is a title of its own, not the end of the one above
HEADER_LOOSE_LINES = 2  # short lines a page may print between its header title and the document's title
HEADER_LOOSE_CHARS = 20
HEADER_COPY_REACH_LINES = 8  # a repost's headline and the document's own title below it: the lines between searched
SELF_NAME_LINES = 3  # an untitled-looking copy's first body lines searched for the kind the text calls itself
LEAD_IN_LINES = 4  # lines above a title searched for its letterhead offices and 文号

# --- lines of the header -------------------------------------------------------------
OFFICE_MAX_CHARS = 40  # an issuing body's name
OFFICE_WRAP_HEAD_MAX_CHARS = 20  # the first line of an issuing body's name wrapped over two signature lines
ADDRESSEE_MAX_CHARS = 300
NOTE_MAX_CHARS = 120  # "(2025年7月30日…会议通过)" under a title

# --- clause headings -----------------------------------------------------------------
HEADING_MAX_CHARS = 40  # a numbered line this short, with no sentence end, is all heading
RUN_IN_HEADING_MAX = 32  # "收费减免。乡镇…": a first sentence this short is a run-in heading
SHORT_HEADING_MAX = 20  # a one-sentence line this short ending in 。 is a heading
SECTION_TITLE_MAX = 30  # an unnumbered line this short before a clause numbered 1 titles a section
CAPTION_MAX = 40  # 表1 补贴标准
SPACED_HEADING_MAX = 30  # "1 总则": a number, a space and a title this short
BARE_NUMBER_HEADING_MAX = 30  # "1总则", "7宜章县…": a number run into a title this short

# --- lists and tables of contents ----------------------------------------------------
LIST_MIN_ITEMS = 3  # this many adjacent short siblings with nothing between them form a list
LIST_ITEM_MAX_CHARS = 60
CONTENTS_MIN_LINES = 4  # a table of contents lists at least this many sections
CONTENTS_LINE_MAX = 40
CONTENTS_SCAN_LINES = 200  # a table of contents longer than this is not looked for (keeps reading linear)

# --- paragraphs ----------------------------------------------------------------------
WRAP_MIN_CHARS = 40  # a line this long that stops mid-sentence continues on the next line

# --- signatures ----------------------------------------------------------------------
SIGNATURE_MAX_OFFICES = 8  # joint issuers signing on consecutive lines (twelve bodies print as six pairs)
SIGNATURE_GAP_LINES = 6  # raw lines (blank or a seal note) allowed between an office and its date
RUN_IN_SIGNATURE_MIN_CHARS = 200  # a paragraph this long may be a whole notice run onto one line, signature and all
UNFOLD_TAIL_MAX_CHARS = 40  # after the run's closing date, what the page printed there ("赞赏 |", "来源:…"): a line of its own
UNFOLD_MIN_HEADS = 2  # numbered heads after a space in such a line: a document run together, broken back into lines (unfold.py)
RUN_ON_RULE_MIN = 6  # "2016年12月1日 ------…": a rule this long after a signature's date ends the signature
DOC_TITLE_MAX_LINES = 3  # the title of the document a notice issues, after its signature
UNTITLED_DOCUMENT_LOOKAHEAD = 6  # lines after a signature looked at for clauses that make them a document
ATTACHMENT_TITLE_MAX_LINES = 3
ATTACHMENT_TITLE_MAX_CHARS = 60

APPOINTMENT_MAX_CHARS = 120  # "雷彪同志任县发展和改革局总经济师；": one appointment a line
DOC_TITLE_MAX_CHARS = 50  # the title of a document a notice issues, or of a section

# --- tables --------------------------------------------------------------------------
TABLE_MIN_ROWS = 2  # header row and one row
TABLE_MAX_COLS = 12  # a row length found by periodicity is at most this
SPACE_TABLE_MIN_COLS_ALONE = 3  # space columns without a 表N caption: two columns are a list laid out by hand
BARE_CELLS_MIN_ROWS = 3  # cells with no marks at all make a table only over this many rows
SPACE_COLUMN_GAP = 2  # spaces (or one ideographic space) that separate space-aligned columns
SPACE_TABLE_MIN_COLS = 2
SPACE_TABLE_CELL_MAX = 30  # a cell longer than this is prose, not a table cell
FORM_MIN_CELLS = 4  # a fill-in form copied one cell a line: at least this many cells
FORM_CELL_MAX = 16  # its cells are labels this short (or a sentence-long instruction, counted apart)
NUMBERED_ROW_MIN_HEADERS = 2  # "序号 / 名称 / …" then "1": the header of a one-cell-a-line table

# --- web page chrome -----------------------------------------------------------------
REPORT_RUN_GAP = 3  # set-aside lines this close together are reported as one run
FOOTER_LINE_MAX = 60  # the page footer is a run of short lines at the end of the copy
FOOTER_LINKS_MIN = 3  # short link-like lines after the signature, to the end of the copy: a related-articles list
AFTER_SIGNATURE_FURNITURE_MAX = 8  # lines after a signed document's date, to the footer: the page's, up to this many
AFTER_SIGNATURE_LINE_MAX = 160  # ...each no longer than a disclaimer; a longer line is the document's own text
INFO_VALUE_MAX = 120  # a value in an information block
INFO_SHORT_VALUE_MAX = 30  # 主题分类, 有效性 … values
NAV_TOKEN_MAX = 10  # a menu entry
NAV_MIN_TOKENS = 3
NAV_BANNER_MAX = 40  # "今天是:2025年12月06日 星期六 农历…": a page's date banner
GLUED_LABEL_MIN = 3  # a label this long run on at the end of a value ("…的通知发文机关") is split off
LABEL_RUN_MIN = 3  # an information block laid out one cell a line: at least this many label lines
PUBLISHED_LINE_MAX = 60  # "2018-07-06 15:49 湖北省农民合作社办公室"
JUNK_MIN_TOKENS = 6  # a line of anti-scraping junk: at least this many short ASCII tokens…
JUNK_MIN_MIXED = 3  # …this many of them a letter run into a digit or sign ("o5", "z*")
UNRELATED_LINE_MAX = 160  # a longer line is a paragraph of the notice, whatever words it holds
UNRELATED_SUSPECT_WORDS = 2  # different suspect words (博彩, 澳门, 注册 …) on one line that fights none of them
UNRELATED_HEADLINE_MIN_CJK = 6  # a news headline before its view count: a sentence's worth of characters

# --- furniture learned from repetition across a folder's texts (repetition.py) --------------------
REPEAT_MIN_FILES = 2  # a line at the head or foot of this many texts is the site's furniture
REPEAT_HEAD_LINES = 40  # non-blank lines from the top of a text where a site's header stands
REPEAT_FOOT_LINES = 30  # … and from the bottom, where its footer stands
REPEAT_MIN_CHARS = 5  # shorter lines (目录, 总则, 合计, 姓名) are a document's labels and cells
REPEAT_MAX_CHARS = 60  # longer lines are sentences, not furniture

# --- document formats: bounds on what one file may cost (containers.py, the format readers) --------------
ZIP_MAX_MEMBERS = 5000  # parts of a .docx/.ofd/.xlsx; a real one has tens to hundreds
ZIP_MEMBER_MAX_BYTES = 64 * 1024 * 1024  # one part, unpacked
ZIP_TOTAL_MAX_BYTES = 256 * 1024 * 1024  # all parts read from one file, unpacked
ZIP_MAX_RATIO = 100  # unpacked / packed beyond this (past ZIP_RATIO_FREE_BYTES) is a zip bomb; XML packs ~10:1
ZIP_RATIO_FREE_BYTES = 4 * 1024 * 1024  # small parts may pack as tightly as they like
ZIP_READ_CHUNK = 1024 * 1024
XML_MAX_BYTES = 64 * 1024 * 1024
XML_MAX_ELEMENTS = 2_000_000
# An 附件 table shown on its notice page (reader/xlsx_format.py): a real one is a form or a list of names
XLSX_MAX_SHEETS = 20
XLSX_MAX_ROWS = 5000  # beyond, the page says so and the download has the rest
XLSX_MAX_COLUMNS = 60
# Matching a file to an 附件 entry by its name (reader/attachment_files.py)
ATTACHMENT_NAME_MIN_CHARS = 4  # a title shorter than this ("名单") is too common to match a file name by
PDF_MAX_PAGES = 1000  # pages read from one PDF; the rest is reported, never read
PDF_MAX_SECONDS = 120  # reading one PDF stops after this long (an object loop, a pathological page), reported
PDF_EDGE_BAND = 0.075  # the top and bottom of a page (share of its height) where running heads and page numbers sit
PDF_MIN_TEXT_CHARS = 20  # a PDF with fewer characters in its text layer than this per page read is a scan
CONVERT_SECONDS = 120  # LibreOffice converting one .doc/.wps
LARGE_FONT_RATIO = 1.2  # a line set this much larger than the body text is large (a title)
HTML_MAX_BYTES = 32 * 1024 * 1024  # a saved web page
PDF_COLUMN_GAP = 4  # a gap this many characters wide between two runs of a PDF line is a column (a tab)
PDF_SPACE_WIDTH = 0.32  # a space's width in a PDF, as a share of the font size (LibreOffice's CJK fonts); gaps count in spaces
PDF_SPACE_MIN = 0.26  # narrower gaps are no space: LibreOffice sets 0.2 of the size between Chinese and digits
PDF_WRAP_SLACK = 3  # a line ending within this many characters of the right margin, the next starting at the left margin (not indented): wrapped
