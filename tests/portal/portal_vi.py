"""Vietnamese for the messages the public column added (stories, list, search, feeds).

For the lead to merge into lantoa/locale/vi/LC_MESSAGES/django.po. Messages the catalogue
already translates ("Province", "Pages", "Clear filters"…) are not repeated, except
"Report a good deed", shared with the nominations work (same translation).
`tests/portal/test_translations.py` checks that every message of the portal's templates is
either translated by the catalogue or listed here, with the same placeholders.
"""

VI = {
    "About this story": "Về câu chuyện này",
    "All stories": "Tất cả câu chuyện",
    "Check the spelling, or type without diacritics: “nguyen van an” finds “Nguyễn Văn Ân”.": (
        "Kiểm tra chính tả, hoặc gõ không dấu: “nguyen van an” vẫn tìm thấy “Nguyễn Văn Ân”."
    ),
    "Choose a province, then filter, to choose one of its communes.": (
        "Chọn tỉnh, thành phố rồi bấm Lọc để chọn tiếp xã, phường của tỉnh đó."
    ),
    "Communes and wards with stories": "Các xã, phường có gương sáng",
    "Featured stories": "Gương sáng nổi bật",
    "Filter the stories": "Lọc các câu chuyện",
    "Follow these stories:": "Theo dõi các câu chuyện này:",
    "Good people and good deeds in %(place)s.": "Gương người tốt, việc tốt ở %(place)s.",
    "Good people, good deeds": "Gương người tốt, việc tốt",
    "Good people, good deeds in %(place)s": "Người tốt, việc tốt ở %(place)s",
    "Latest stories": "Câu chuyện mới nhất",
    "Name, place or deed": "Tên người, địa phương hoặc việc làm",
    "No story found": "Không tìm thấy câu chuyện nào",
    "No story has been published here yet.": "Chưa có câu chuyện nào được đăng ở địa phương này.",
    "No story has been published yet.": "Chưa có câu chuyện nào được đăng.",
    "No story matches these filters.": "Không có câu chuyện nào phù hợp với bộ lọc này.",
    "No unit has recorded learning from this example yet.": (
        "Chưa có đơn vị nào ghi nhận đã học tập, làm theo tấm gương này."
    ),
    'Or browse <a href="%(url)s">all the stories</a> by place, field and year.': (
        'Hoặc xem <a href="%(url)s">tất cả câu chuyện</a> theo địa phương, lĩnh vực và năm.'
    ),
    "Part of": "Thuộc",
    "Photo %(n)s of the story": "Ảnh %(n)s của câu chuyện",
    "Report a good deed": "Báo tin gương tốt",
    "Search the stories": "Tìm câu chuyện",
    "Search: %(q)s": "Tìm kiếm: %(q)s",
    "Search: name, place, deed…": "Tìm: tên người, địa phương, việc làm…",
    "See all stories": "Xem tất cả câu chuyện",
    "Stories": "Gương sáng",
    "Stories (Atom)": "Gương sáng (Atom)",
    "Stories (RSS)": "Gương sáng (RSS)",
    "Stories of good people and good deeds": "Câu chuyện người tốt, việc tốt",
    "Stories of good people and good deeds, and the units that learned from them.": (
        "Những câu chuyện người tốt, việc tốt và các đơn vị đã học tập, làm theo."
    ),
    "Use fewer words, or a name or a place only.": (
        "Gõ ít từ hơn, hoặc chỉ gõ tên người hay tên địa phương."
    ),
    "Year": "Năm",
    "You may type with or without diacritics: “cuu nguoi” finds “cứu người”.": (
        "Có thể gõ có dấu hoặc không dấu: “cuu nguoi” vẫn tìm thấy “cứu người”."
    ),
}

VI_PLURALS = {
    ("%(n)s story", "%(n)s stories"): "%(n)s câu chuyện",
    ("%(n)s story found", "%(n)s stories found"): "Tìm thấy %(n)s câu chuyện",
    (
        "%(n)s unit learned from it and followed",
        "%(n)s units learned from it and followed",
    ): "%(n)s đơn vị đã học tập, làm theo",
}
