# ruff: noqa: E501  (a table of translations: long strings read better whole)
"""Vietnamese for every message the citizen nominations add, for the lead to merge into
lantoa/locale/vi/LC_MESSAGES/django.po. `VI`: msgid → msgstr; `VI_PLURALS`: (msgid,
msgid_plural) → [msgstr[0]] (Vietnamese has one plural form). Messages already in the
catalogue with the same translation ("Verified", "Report a good deed"…) are listed too: merging
them changes nothing. test_nominations.py checks that nothing is missing here.
"""

VI: dict[str, str] = {
    # lantoa/nominations/guard.py
    "Too many codes that do not exist were checked from this connection. Please wait a few "
    "minutes and try again.": "Đã có quá nhiều mã không tồn tại được tra cứu từ kết nối này. "
    "Vui lòng đợi vài phút rồi thử lại.",
    # lantoa/nominations/services.py
    "Enter a phone number of 9 to 15 digits, e.g. 0912 345 678.": "Hãy nhập số điện thoại từ 9 "
    "đến 15 chữ số, ví dụ 0912 345 678.",
    "Please send the report again.": "Vui lòng gửi lại tin báo.",
    "Please tell us what you saw.": "Vui lòng cho biết bạn đã thấy gì.",
    "Please keep it under %(limit)d characters (it has %(length)d).": "Vui lòng viết không quá "
    "%(limit)d ký tự (hiện có %(length)d).",
    "Choose the commune or ward where it happened.": "Hãy chọn xã, phường nơi việc tốt diễn ra.",
    "The date cannot be in the future.": "Ngày không thể ở tương lai.",
    "The name is too long.": "Tên quá dài.",
    "The place is too long.": "Địa điểm quá dài.",
    "Enter a valid e-mail address.": "Hãy nhập một địa chỉ thư điện tử hợp lệ.",
    "To leave your contact details, tick the box to agree to be contacted. Otherwise leave "
    "them empty.": "Để lại thông tin liên hệ thì hãy đánh dấu ô đồng ý để được liên hệ. Nếu "
    "không, hãy để trống các ô này.",
    "Only photos (JPEG, PNG, WebP) can be attached.": "Chỉ được đính kèm ảnh (JPEG, PNG, WebP).",
    "Reports for this commune cannot be received online yet. Please contact the Fatherland "
    "Front committee of the commune directly.": "Hiện chưa thể nhận tin báo trực tuyến cho xã "
    "này. Vui lòng liên hệ trực tiếp Ủy ban Mặt trận Tổ quốc Việt Nam của xã.",
    "Received": "Đã tiếp nhận",
    "Being verified": "Đang xác minh",
    "Verified": "Đã xác minh",
    "Not confirmed": "Không được xác nhận",
    "More information needed": "Cần bổ sung thông tin",
    "The Fatherland Front committee has received your report and will check it.": "Ủy ban Mặt "
    "trận Tổ quốc đã tiếp nhận tin báo của bạn và sẽ xác minh.",
    "Officers of the Fatherland Front committee are checking what you reported.": "Cán bộ Ủy "
    "ban Mặt trận Tổ quốc đang xác minh nội dung bạn báo.",
    "The good deed you reported has been verified. Thank you for spreading it.": "Việc tốt bạn "
    "báo đã được xác minh. Cảm ơn bạn đã góp phần lan tỏa.",
    "After checking, the Fatherland Front committee could not confirm this report. Thank you "
    "all the same for taking the time to send it.": "Sau khi xác minh, Ủy ban Mặt trận Tổ quốc "
    "chưa thể xác nhận tin báo này. Cảm ơn bạn đã dành thời gian gửi tin.",
    "The Fatherland Front committee needs more information. If you left your contact details, "
    "an officer will contact you; you may also send a new report with more details.": "Ủy ban "
    "Mặt trận Tổ quốc cần thêm thông tin. Nếu bạn đã để lại thông tin liên hệ, cán bộ sẽ liên "
    "hệ với bạn; bạn cũng có thể gửi tin báo mới với thêm chi tiết.",
    # lantoa/nominations/models.py
    "record": "hồ sơ",
    "tracking code": "mã theo dõi",
    "contact name": "tên người báo tin",
    "contact phone": "điện thoại người báo tin",
    "contact e-mail": "thư điện tử người báo tin",
    "agreed to be contacted": "đồng ý được liên hệ",
    "received at": "tiếp nhận lúc",
    "citizen nomination": "tin báo của người dân",
    "citizen nominations": "tin báo của người dân",
    # lantoa/portal/forms/nominations.py
    "What did you see?": "Bạn đã thấy việc tốt gì?",
    "Tell us about the good deed: who did what, how, and why it matters.": "Hãy kể về việc tốt: "
    "ai đã làm gì, làm như thế nào và vì sao đáng trân trọng.",
    "At most %(n)s characters.": "Tối đa %(n)s ký tự.",
    "Province or city": "Tỉnh, thành phố",
    "— Choose the province —": "— Chọn tỉnh, thành phố —",
    "Choose the province or city where it happened.": "Hãy chọn tỉnh, thành phố nơi việc tốt "
    "diễn ra.",
    "Commune, ward or special zone": "Xã, phường, đặc khu",
    "— Choose the commune —": "— Chọn xã, phường —",
    "This commune is not in the chosen province: please choose the commune again.": "Xã này "
    "không thuộc tỉnh đã chọn: vui lòng chọn lại xã.",
    "Exact place (optional)": "Địa điểm cụ thể (không bắt buộc)",
    "Village, street, school, market…": "Thôn, tổ dân phố, đường, trường học, chợ…",
    "When did it happen? (optional)": "Việc tốt diễn ra khi nào? (không bắt buộc)",
    "Who did it? (optional)": "Ai đã làm việc tốt? (không bắt buộc)",
    "The name of the person or group, if you know it.": "Tên người hoặc tập thể, nếu bạn biết.",
    "Your name": "Họ và tên của bạn",
    "Your phone number": "Số điện thoại của bạn",
    "Your e-mail address": "Thư điện tử của bạn",
    "I agree that officers of the Fatherland Front may contact me about this report. My "
    "contact details are not made public.": "Tôi đồng ý để cán bộ Mặt trận liên hệ với tôi về "
    "tin này. Thông tin liên hệ của tôi không được công khai.",
    "Photos (optional)": "Ảnh (không bắt buộc)",
    "JPEG, PNG or WebP. Location data is removed from the photos.": "JPEG, PNG hoặc WebP. Thông "
    "tin vị trí trong ảnh được xóa bỏ.",
    "Tracking code": "Mã theo dõi",
    "It looks like LT-ABCDE-23456. Capitals, spaces and dashes do not matter.": "Mã có dạng "
    "LT-ABCDE-23456. Không phân biệt chữ hoa, chữ thường, dấu cách và gạch nối.",
    "This does not look like a tracking code: it has 10 letters and digits after “LT”, like "
    "LT-ABCDE-23456.": "Đây không phải là mã theo dõi: mã gồm 10 chữ cái và chữ số sau “LT”, "
    "ví dụ LT-ABCDE-23456.",
    # lantoa/portal/views/nominations.py
    "This form was open for a long time. Please check your report and send it again.": "Biểu "
    "mẫu này đã mở quá lâu. Vui lòng kiểm tra lại tin báo rồi gửi lại.",
    "Please take a moment to check your report, then send it again.": "Vui lòng dành chút thời "
    "gian kiểm tra lại tin báo, rồi gửi lại.",
    # lantoa/templates/portal/nominations/
    "Choose the province first: its communes and wards are then listed here.": "Hãy chọn tỉnh "
    "trước: các xã, phường của tỉnh sẽ hiện ở đây.",
    "See the status": "Xem tình trạng",
    "Report a good deed": "Báo tin gương tốt",
    "Did you see someone do something good? Tell the Fatherland Front committee of the "
    "commune. You need no account: after sending, you get a code to follow your report.": "Bạn "
    "đã chứng kiến một việc tốt? Hãy báo cho Ủy ban Mặt trận Tổ quốc xã. Bạn không cần tài "
    "khoản: sau khi gửi, bạn nhận được một mã để theo dõi tin báo.",
    "Fields marked * are required.": "Các ô có dấu * là bắt buộc.",
    "Already sent a report? Follow it with its code.": "Đã gửi tin báo? Theo dõi bằng mã của tin.",
    "Nothing was sent. Everything you typed is kept below.": "Tin báo chưa được gửi. Mọi nội "
    "dung bạn đã nhập vẫn được giữ bên dưới.",
    "Please check the fields marked below. Everything you typed is kept.": "Vui lòng kiểm tra "
    "các ô được đánh dấu bên dưới. Mọi nội dung bạn đã nhập vẫn được giữ.",
    "Photos cannot be kept when the form is shown again: please choose your photos again.": "Ảnh "
    "không thể được giữ lại khi biểu mẫu hiện lại: vui lòng chọn lại ảnh.",
    "Where did it happen?": "Việc tốt diễn ra ở đâu?",
    "Show the communes of this province": "Hiện các xã, phường của tỉnh này",
    "Your contact details (optional)": "Thông tin liên hệ của bạn (không bắt buộc)",
    "Leave them if you agree to be contacted about this report. Only the officers of the "
    "Fatherland Front committee who handle it can see them; they are never published.": "Để lại "
    "nếu bạn đồng ý được liên hệ về tin này. Chỉ cán bộ Ủy ban Mặt trận Tổ quốc xử lý tin "
    "mới xem được; thông tin này không bao giờ được công khai.",
    "Leave this field empty": "Để trống ô này",
    "Send my report": "Gửi tin báo",
    "Report not found": "Không tìm thấy tin báo",
    "No report has the code “%(code)s”.": "Không có tin báo nào mang mã “%(code)s”.",
    "Check the code letter by letter: it has 10 letters and digits after “LT”, like "
    "LT-ABCDE-23456.": "Hãy kiểm tra từng ký tự: mã gồm 10 chữ cái và chữ số sau “LT”, ví dụ "
    "LT-ABCDE-23456.",
    "Codes never contain the letters O and I or the digits 0 and 1.": "Mã không bao giờ có chữ "
    "O, chữ I, số 0 và số 1.",
    "Capitals, spaces and dashes do not matter.": "Không phân biệt chữ hoa, chữ thường, dấu "
    "cách và gạch nối.",
    "If you lost the code, you can send your report again, or ask the Fatherland Front "
    "committee of your commune.": "Nếu mất mã, bạn có thể gửi lại tin báo, hoặc hỏi Ủy ban Mặt "
    "trận Tổ quốc xã của bạn.",
    "Report sent": "Đã gửi tin báo",
    "Thank you! Your report has been sent": "Cảm ơn bạn! Tin báo đã được gửi",
    "It went to the Fatherland Front committee of the commune you chose, which will check "
    "it.": "Tin đã được chuyển đến Ủy ban Mặt trận Tổ quốc của xã bạn chọn để xác minh.",
    "Your tracking code": "Mã theo dõi của bạn",
    "Write this code down or take a screenshot: you need it to follow your report, and it "
    "cannot be sent to you again.": "Hãy ghi lại mã này hoặc chụp màn hình: bạn cần mã để theo "
    "dõi tin báo, và mã không thể được gửi lại cho bạn.",
    "Follow your report": "Theo dõi tin báo",
    "Report another good deed": "Báo tin một việc tốt khác",
    "Status of your report": "Tình trạng tin báo của bạn",
    "Received on": "Ngày tiếp nhận",
    "Status since": "Tình trạng từ ngày",
    "This page shows only the status of your report. Keep its address or your code to come "
    "back.": "Trang này chỉ cho biết tình trạng tin báo của bạn. Hãy lưu địa chỉ trang hoặc mã "
    "để xem lại.",
    "Follow another report": "Theo dõi tin báo khác",
    "Type the tracking code you got after sending your report.": "Nhập mã theo dõi bạn nhận "
    "được sau khi gửi tin báo.",
    # issue 11, parts 5 and 6: served communes, held photos, the proof step
    "How much is %(a)s plus %(b)s?": "Hỏi: %(a)s cộng %(b)s bằng bao nhiêu?",
    "If your commune is not listed, do not type your report here: take or send it to the "
    "Fatherland Front committee of your commune (at the commune's People's Committee office) or "
    "of your province.": "Nếu xã, phường của bạn không có trong danh sách, đừng nhập tin báo ở đây: hãy mang "
    "hoặc gửi tin đến Ủy ban Mặt trận Tổ quốc xã, phường (tại trụ sở Ủy ban nhân dân xã, "
    "phường) hoặc của tỉnh, thành phố.",
    "Many reports were sent from this connection (a shared network, such as an office or a "
    "school, perhaps). To show that a person is sending this one, answer this small question. "
    "Nothing you typed is lost.": "Đã có nhiều tin báo được gửi từ kết nối này (có thể là mạng dùng chung như cơ quan, "
    "trường học). Để cho thấy tin này do một người gửi, hãy trả lời câu hỏi nhỏ dưới đây. "
    "Những gì bạn đã nhập không bị mất.",
    "No commune receives reports online yet.": "Hiện chưa có xã, phường nào nhận tin báo trực tuyến.",
    "One more step": "Thêm một bước nữa",
    "Photo %(n)s you chose": "Ảnh thứ %(n)s bạn đã chọn",
    "Photos you chose": "Ảnh bạn đã chọn",
    "Please answer the small question at the end of the form, then send your report again. "
    "Everything you typed and the photos you chose are kept.": "Vui lòng trả lời câu hỏi nhỏ ở cuối biểu mẫu rồi gửi lại tin báo. Mọi nội dung bạn đã "
    "nhập và ảnh bạn đã chọn đều được giữ lại.",
    "Remove photo %(n)s": "Bỏ ảnh thứ %(n)s",
    "Reports are received online for the communes and wards listed below, where a Fatherland "
    "Front committee handles them in Lan Tỏa.": "Tin báo được nhận trực tuyến cho các xã, phường có trong danh sách dưới đây, nơi Ủy "
    "ban Mặt trận Tổ quốc xử lý tin trên Lan Tỏa.",
    "Reports for this commune cannot be received online yet. Please take or send your report to "
    "the Fatherland Front committee of the commune (at the commune's People's Committee office) "
    "or of the province.": "Hiện chưa thể nhận tin báo trực tuyến cho xã, phường này. Vui lòng mang hoặc gửi tin "
    "đến Ủy ban Mặt trận Tổ quốc xã, phường (tại trụ sở Ủy ban nhân dân xã, phường) hoặc "
    "của tỉnh, thành phố.",
    "That answer is not right. Please answer this new question.": "Câu trả lời chưa đúng. Vui lòng trả lời câu hỏi mới này.",
    "They are kept for this browser for one hour and sent with your report. Tick “Remove” to "
    "leave one out.": "Ảnh được giữ cho trình duyệt này trong một giờ và được gửi kèm tin báo. Đánh dấu “Bỏ "
    "ảnh” để không gửi ảnh đó.",
    "Too many reports were sent from this connection in the last hour. Please send yours later, "
    "or take it to the Fatherland Front committee of your commune.": "Đã có quá nhiều tin báo được gửi từ kết nối này trong một giờ qua. Vui lòng gửi lại "
    "sau, hoặc mang tin đến Ủy ban Mặt trận Tổ quốc xã, phường của bạn.",
    "Too many reports were sent from this device in the last %(minutes)d minutes. Please wait a "
    "little and send it again.": "Đã có quá nhiều tin báo được gửi từ thiết bị này trong %(minutes)d phút qua. Vui lòng "
    "đợi một lát rồi gửi lại.",
    "Write the answer in digits, e.g. 7.": "Viết câu trả lời bằng chữ số, ví dụ 7.",
    "held photo": "ảnh được giữ tạm",
    "held photos": "ảnh được giữ tạm",
    "one": "một",
    "two": "hai",
    "three": "ba",
    "four": "bốn",
    "five": "năm",
    "six": "sáu",
    "seven": "bảy",
    "eight": "tám",
    "nine": "chín",
    "ten": "mười",
}

VI_PLURALS: dict[tuple[str, str], list[str]] = {
    (
        "Too many reports were sent from this connection in the last minute. To protect the "
        "service from abuse, please wait a little and send it again.",
        "Too many reports were sent from this connection in the last %(minutes)d minutes. To "
        "protect the service from abuse, please wait a little and send it again.",
    ): [
        "Đã có quá nhiều tin báo được gửi từ kết nối này trong %(minutes)d phút qua. Để bảo vệ "
        "hệ thống khỏi lạm dụng, vui lòng đợi một lát rồi gửi lại."
    ],
    (
        "Too many reports were sent with this phone number or e-mail address in the last "
        "hour. Please try again later, or contact the Fatherland Front committee of your "
        "commune directly.",
        "Too many reports were sent with this phone number or e-mail address in the last "
        "%(hours)d hours. Please try again later, or contact the Fatherland Front committee of "
        "your commune directly.",
    ): [
        "Đã có quá nhiều tin báo được gửi với số điện thoại hoặc thư điện tử này trong "
        "%(hours)d giờ qua. Vui lòng thử lại sau, hoặc liên hệ trực tiếp Ủy ban Mặt trận Tổ "
        "quốc xã của bạn."
    ],
    ("At most %(n)d photo.", "At most %(n)d photos."): ["Tối đa %(n)d ảnh."],
    ("At most %(n)d photo: you chose %(count)d.", "At most %(n)d photos: you chose %(count)d."): [
        "Tối đa %(n)d ảnh: bạn đã chọn %(count)d ảnh."
    ],
    (
        "%(counter)s commune or ward of %(province)s is listed.",
        "%(counter)s communes and wards of %(province)s are listed.",
    ): ["Có %(counter)s xã, phường của %(province)s trong danh sách."],
    (
        "%(counter)s other commune or ward of this province does not receive reports online "
        "yet: take or send the report to its Fatherland Front committee.",
        "%(counter)s other communes and wards of this province do not receive reports online "
        "yet: take or send the report to their Fatherland Front committee.",
    ): [
        "%(counter)s xã, phường khác của tỉnh này chưa nhận tin báo trực tuyến: hãy mang hoặc "
        "gửi tin đến Ủy ban Mặt trận Tổ quốc của xã, phường đó.",
    ],
    (
        "A photo you chose earlier could not be kept (it was kept for one hour only, or in "
        "another browser): please choose it again.",
        "%(counter)s photos you chose earlier could not be kept (they were kept for one hour "
        "only, or in another browser): please choose them again.",
    ): [
        "%(counter)s ảnh bạn đã chọn trước đó không còn được giữ (ảnh chỉ được giữ một giờ, "
        "hoặc đã được chọn trên trình duyệt khác): vui lòng chọn lại.",
    ],
    ("Province served: %(provinces)s.", "Provinces served: %(provinces)s."): [
        "Tỉnh, thành phố được phục vụ: %(provinces)s."
    ],
}
