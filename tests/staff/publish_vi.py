"""Vietnamese for the messages added by the publishing section of the record page
(lantoa/staff/views/records_publish.py, lantoa/templates/staff/records/_publish.html),
to merge into lantoa/locale/vi/LC_MESSAGES/django.po. Template placeholders are written as
they appear in the .po file (`%(d)s`)."""

from __future__ import annotations

VI: dict[str, str] = {
    # records_publish.py
    "Record the person's consent to publish the story first (under Consents).": (
        "Hãy ghi nhận sự đồng ý đăng câu chuyện của người được nêu gương trước (mục Sự đồng ý)."
    ),
    "Show the initials or no name instead.": "Hãy chọn hiện chữ cái đầu hoặc không hiện tên.",
    "Publish without photos instead.": "Hãy đăng mà không kèm ảnh.",
    "Show only the commune or the province instead.": "Hãy chỉ hiện xã, phường hoặc tỉnh.",
    "The person withdrew a consent the story relied on.": (
        "Người được nêu gương đã rút lại sự đồng ý mà câu chuyện dựa vào."
    ),
    "Taken down by a leader.": "Lãnh đạo đã gỡ xuống.",
    "Replaced by a newer publication.": "Đã được thay bằng lần công bố mới hơn.",
    "How the name is shown": "Cách hiện tên",
    "Show photos": "Hiện ảnh",
    "How the place is shown": "Cách hiện địa điểm",
    "Feature on the portal's home page": "Đưa lên trang chủ cổng thông tin (nổi bật)",
    "Public title (optional)": "Tiêu đề công khai (không bắt buộc)",
    "Leave empty to use the record's title.": "Để trống để dùng tiêu đề của hồ sơ.",
    "Public summary (optional)": "Tóm tắt công khai (không bắt buộc)",
    "Leave empty to use the record's description.": "Để trống để dùng mô tả ngắn của hồ sơ.",
    "Only a verified, nurturing or recognised record can be published.": (
        "Chỉ hồ sơ đã xác minh, đang bồi dưỡng hoặc đã được công nhận mới được công bố."
    ),
    "Not published: the person has not consented to %(purposes)s.": (
        "Chưa công bố: người được nêu gương chưa đồng ý %(purposes)s."
    ),
    "Choose how the name and the place are shown.": "Hãy chọn cách hiện tên và địa điểm.",
    "The story is published on the portal.": "Câu chuyện đã được công bố trên cổng thông tin.",
    "The story was taken down from the portal.": "Câu chuyện đã được gỡ khỏi cổng thông tin.",
    # _publish.html
    "Publish on the public portal": "Công bố trên cổng thông tin",
    "Published": "Đang công bố",
    "on the portal since %(d)s, by %(by)s.": "trên cổng thông tin từ %(d)s, do %(by)s công bố.",
    "Shown as:": "Hiện là:",
    "no name": "không hiện tên",
    "with photos": "có ảnh",
    "featured": "nổi bật",
    "Taken down": "Đã gỡ xuống",
    "from the portal on %(d)s.": "khỏi cổng thông tin lúc %(d)s.",
    "Reason:": "Lý do:",
    "Not published on the portal.": "Chưa công bố trên cổng thông tin.",
    "Take down": "Gỡ xuống",
    "Reason (optional)": "Lý do (không bắt buộc)",
    "Take down from the portal": "Gỡ khỏi cổng thông tin",
    "Change what the portal shows": "Thay đổi nội dung hiện trên cổng thông tin",
    "Choose what the portal shows": "Chọn nội dung hiện trên cổng thông tin",
    "The person's consents": "Sự đồng ý của người được nêu gương",
    "given": "đã có",
    "missing": "chưa có",
    "Without the person's consent to publish the story, nothing can be published.": (
        "Chưa có sự đồng ý đăng câu chuyện thì không thể công bố gì."
    ),
    "The record names no person: no consent is needed.": (
        "Hồ sơ không nêu tên người nào: không cần sự đồng ý."
    ),
    "Needs the consent “%(c)s”: given.": "Cần sự đồng ý “%(c)s”: đã có.",
    "Needs the consent “%(c)s”: missing.": "Cần sự đồng ý “%(c)s”: chưa có.",
    "Update the publication": "Cập nhật nội dung công bố",
    "Publish": "Công bố",
}

VI_PLURALS: dict[str, tuple[str, ...]] = {}
