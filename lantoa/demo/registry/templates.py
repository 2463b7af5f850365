"""What the demo records say: the templates a generated record is drawn from.

Placeholders in titles and summaries: {who} ("anh Ân"), {Who} (capitalised), {name} (full
name), {area}, {spot}, {water}, {sea}, {place} (commune as a report names it), {n}, {k},
{times}, {money}. A template also fixes the record's kind and sector, the subject it is
about (priority group, gender, ages, occupation, or a collective), the movement it belongs
to, the communes where it can happen, and what follows it (replication, nurturing goal).
"""

from __future__ import annotations

from dataclasses import dataclass

from lantoa.exemplars.models import RecordKind, Subject

K = RecordKind


@dataclass(frozen=True)
class Template:
    kind: str
    sector: str
    title: str
    summary: str
    group: str | None = None  # priority group code; None: by age
    gender: str | None = None  # None: either
    ages: tuple[int, int] = (18, 60)
    occupation: str = ""
    collective: str = ""  # a collective's name pattern ("" for a person)
    collective_kind: str = ""
    movement: int | None = None  # index into MOVEMENTS
    communes: tuple[str, ...] = ()  # restrict to these slugs
    replication: str = ""  # what a unit that learns from it does
    goal: str = ""  # a nurturing plan's goal (ideas and good practices)


MOVEMENTS: tuple[str, ...] = (
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Toàn dân đoàn kết xây dựng đời sống văn hóa",
    "Cả nước chung sức xây dựng nông thôn mới",
)
SEA = ("phanthiet", "lagi", "phuquy")

TEMPLATES: tuple[Template, ...] = (
    Template(K.GOOD_DEED, "security_order", "Nhặt được ví tiền trả lại người đánh rơi",
             "{Who} nhặt được chiếc ví có {money} đồng cùng giấy tờ tùy thân tại {spot}; đã "
             "tìm đến Công an {place} nhờ liên hệ và trả lại đầy đủ cho người đánh rơi.",
             ages=(10, 70), movement=0),
    Template(K.GOOD_DEED, "security_order", "Nhặt được điện thoại, trả lại người mất",
             "Trên đường đi học về, {who} nhặt được một chiếc điện thoại ở {spot}. Em nhờ cô "
             "giáo chủ nhiệm liên hệ và trả lại cho chủ nhân.",
             group="children", ages=(9, 15), occupation="Học sinh", movement=0),
    Template(K.GOOD_DEED, "security_order", "Trả lại số vàng nhặt được cho người đánh rơi",
             "{Who} nhặt được túi nilon đựng {n} chỉ vàng tại {spot}; đã giao Công an "
             "{place} để trả lại cho người đánh rơi là một tiểu thương.",
             ages=(25, 70), movement=0),
    Template(K.GOOD_DEED, "security_order", "Cứu người đuối nước ở {water}",
             "Thấy hai em nhỏ bị đuối nước ở {water}, {who} lao xuống cứu được cả hai em, "
             "sơ cứu và đưa vào trạm y tế kịp thời.",
             ages=(17, 55), gender=Subject.Gender.MALE),
    Template(K.GOOD_DEED, "security_order", "Cứu du khách bị sóng cuốn ở {sea}",
             "Trong lúc tắm biển, {who} phát hiện hai du khách bị dòng rip cuốn ra xa; đã bơi "
             "ra đưa vào bờ an toàn trước khi lực lượng cứu hộ đến.",
             ages=(17, 50), gender=Subject.Gender.MALE, communes=SEA),
    Template(K.GOOD_DEED, "security_order", "Dũng cảm giúp công an bắt đối tượng cướp giật",
             "{Who} đã truy đuổi, cùng người dân khống chế đối tượng giật túi xách của một phụ "
             "nữ tại {spot} và giao cho Công an {place}.",
             ages=(20, 60), gender=Subject.Gender.MALE, movement=0),
    Template(K.GOOD_DEED, "security_order", "Cứu người bị nạn trong vụ tai nạn giao thông",
             "{Who} dừng xe, gọi cấp cứu 115 và sơ cứu cầm máu cho nạn nhân một vụ tai nạn "
             "giao thông gần {spot}, giữ lại tài sản để giao cho gia đình.",
             ages=(20, 60)),
    Template(K.GOOD_DEED, "security_order", "Phát hiện cháy và cứu tài sản cho hàng xóm",
             "Lúc rạng sáng, {who} phát hiện nhà hàng xóm ở {area} bốc cháy; đã phá cửa đưa "
             "hai cụ già ra ngoài và cùng bà con dập tắt đám cháy.",
             ages=(20, 65)),
    Template(K.GOOD_DEED, "health", "Hiến máu tình nguyện {times} lần",
             "{Who} đã {times} lần hiến máu tình nguyện tại các đợt do Hội Chữ thập đỏ tổ chức, "
             "và vận động được nhiều đoàn viên cùng tham gia.",
             ages=(28, 58), movement=0),
    Template(K.GOOD_DEED, "health", "Nấu cơm miễn phí cho bệnh nhân nghèo",
             "Mỗi sáng thứ Bảy, {who} cùng các chị em nấu {n}0 suất cơm miễn phí cho bệnh nhân "
             "nghèo và người nhà đang điều trị tại bệnh viện.",
             group="women", gender=Subject.Gender.FEMALE, ages=(35, 65), movement=0,
             replication="Tổ chức bếp ăn miễn phí cho bệnh nhân nghèo mỗi tuần một lần"),
    Template(K.GOOD_DEED, "health", "Chở miễn phí bệnh nhân nghèo đi cấp cứu",
             "{Who} dùng xe riêng chở miễn phí bệnh nhân nghèo từ {area} đi cấp cứu, "
             "đã giúp hơn {n} trường hợp trong năm.",
             ages=(30, 60), gender=Subject.Gender.MALE, occupation="Lái xe"),
    Template(K.GOOD_DEED, "charity", "Nhận nuôi dưỡng hai cháu mồ côi",
             "Sau khi cha mẹ hai cháu mất vì tai nạn, {who} đã nhận về nuôi dưỡng, cho các "
             "cháu đi học đầy đủ dù hoàn cảnh gia đình còn khó khăn.",
             group="women", gender=Subject.Gender.FEMALE, ages=(40, 70)),
    Template(K.GOOD_DEED, "charity", "Sửa xe đạp miễn phí cho học sinh",
             "Hơn {n} năm nay, {who} sửa xe đạp miễn phí cho học sinh nghèo tại tiệm nhỏ ở "
             "{area}.",
             group="working_people", ages=(45, 75), gender=Subject.Gender.MALE,
             occupation="Thợ sửa xe", movement=0),
    Template(K.GOOD_DEED, "charity", "Giúp đỡ người già neo đơn",
             "Chi đoàn phân công đoàn viên thay phiên dọn dẹp nhà cửa, nấu cơm, đưa đi khám "
             "bệnh cho {k} cụ già neo đơn ở {area}.",
             group="youth_members", collective="Chi đoàn {area}", collective_kind="Chi đoàn",
             replication="Nhận chăm sóc người già neo đơn trên địa bàn"),
    Template(K.GOOD_DEED, "economy", "Giúp dân thu hoạch thanh long chạy mưa",
             "Trước đợt mưa lớn, đoàn viên thanh niên giúp các hộ ở {area} thu hoạch và vận "
             "chuyển gần {n} tấn thanh long, không nhận tiền công.",
             group="youth_members", collective="Đoàn viên thanh niên {area}",
             collective_kind="Nhóm đoàn viên", communes=("hamthuan", "hamthuanbac")),
    Template(K.GOOD_DEED, "new_rural", "Hiến đất làm đường giao thông nông thôn",
             "Gia đình {who} tự nguyện hiến {n}0 m² đất vườn để mở rộng đường bê tông ở "
             "{area}, góp phần xây dựng nông thôn mới.",
             group="farmers", ages=(45, 80), occupation="Nông dân", movement=2,
             replication="Vận động các hộ hiến đất mở rộng đường liên thôn"),
    Template(K.GOOD_DEED, "charity", "Doanh nhân hỗ trợ xây nhà Đại đoàn kết",
             "{Who} tài trợ {k}00 triệu đồng xây {k} căn nhà Đại đoàn kết cho hộ nghèo ở "
             "{place}.",
             group="business", ages=(35, 65), occupation="Giám đốc doanh nghiệp", movement=1),
    Template(K.GOOD_DEED, "charity", "Tặng bò giống giúp hộ nghèo thoát nghèo",
             "Từ tiền tiết kiệm của gia đình, {who} tặng {k} con bò giống cho hộ hội viên "
             "nghèo ở {area}, kèm hướng dẫn cách chăm sóc.",
             group="veterans", gender=Subject.Gender.MALE, ages=(60, 80),
             occupation="Cựu chiến binh", replication="Trao bò giống xoay vòng cho hội viên nghèo"),
    Template(K.GOOD_DEED, "environment", "Dập lửa cứu rừng phòng hộ",
             "{Who} phát hiện đám cháy ở rừng phòng hộ gần {area}, báo tin và cùng lực lượng "
             "kiểm lâm dập lửa suốt đêm, cứu được hàng chục hécta rừng.",
             group="hardship_cadres", gender=Subject.Gender.MALE, ages=(24, 50),
             occupation="Nhân viên bảo vệ rừng", communes=("hamthuanbac", "bacgianghia",
                                                            "xuanhuong")),
    Template(K.GOOD_DEED, "defence", "Chiến sĩ biên phòng cứu ngư dân gặp nạn trên biển",
             "Trong cơn áp thấp nhiệt đới, {who} cùng tổ công tác vượt sóng lớn ứng cứu "
             "{k} ngư dân trên tàu cá bị chết máy ở {sea}.",
             group="hardship_cadres", gender=Subject.Gender.MALE, ages=(22, 45),
             occupation="Chiến sĩ Bộ đội Biên phòng", communes=SEA),
    Template(K.GOOD_DEED, "security_order", "Ngư dân cứu hộ tàu cá gặp nạn",
             "Tàu của {who} đã lai dắt tàu cá bị hỏng máy cùng {k} thuyền viên vào bờ an "
             "toàn, không nhận tiền công.",
             group="working_people", gender=Subject.Gender.MALE, ages=(30, 60),
             occupation="Ngư dân", communes=SEA),
    Template(K.EXEMPLAR, "health", "Bác sĩ tình nguyện khám bệnh miễn phí cho người dân đảo",
             "{Who} tình nguyện ra công tác ở {place}, tổ chức {n} đợt khám bệnh, cấp thuốc "
             "miễn phí cho người già và trẻ em.",
             group="hardship_cadres", ages=(30, 55), occupation="Bác sĩ", communes=("phuquy",)),
    Template(K.EXEMPLAR, "education", "Giáo viên tận tụy dạy chữ cho trẻ em đồng bào dân tộc",
             "{Who} dạy lớp ghép ở điểm trường vùng sâu {area} suốt {n} năm, vận động các em "
             "đến lớp, không để học sinh nào bỏ học.",
             group="hardship_cadres", gender=Subject.Gender.FEMALE, ages=(25, 55),
             occupation="Giáo viên tiểu học", communes=("hamthuanbac", "bacgianghia"),
             movement=0),
    Template(K.EXEMPLAR, "economy", "Nông dân sản xuất kinh doanh giỏi, tạo việc làm cho {n} "
             "lao động",
             "{Who} trồng thanh long theo tiêu chuẩn VietGAP trên diện tích {n} ha, tạo việc "
             "làm thường xuyên cho lao động địa phương và chia sẻ kinh nghiệm cho hội viên.",
             group="farmers", ages=(35, 65), occupation="Nông dân", movement=2,
             communes=("hamthuan", "hamthuanbac"),
             replication="Học tập mô hình trồng thanh long VietGAP"),
    Template(K.EXEMPLAR, "economy", "Cựu chiến binh làm kinh tế giỏi, giúp đồng đội thoát nghèo",
             "Từ mô hình nuôi bò và trồng điều, {who} có thu nhập ổn định và cho {n} hội viên "
             "mượn vốn không lấy lãi.",
             group="veterans", gender=Subject.Gender.MALE, ages=(58, 78),
             occupation="Cựu chiến binh", movement=0,
             replication="Giúp hội viên vay vốn không lãi để phát triển chăn nuôi"),
    Template(K.EXEMPLAR, "education", "Học sinh nghèo vượt khó học giỏi",
             "Nhà nghèo, mồ côi cha, {who} vẫn đạt học sinh giỏi {k} năm liền và giúp các "
             "bạn cùng xóm học bài mỗi tối.",
             group="children", ages=(11, 17), occupation="Học sinh", movement=0),
    Template(K.EXEMPLAR, "economy", "Hợp tác xã thanh long đạt chuẩn xuất khẩu",
             "Hợp tác xã liên kết {n}0 hộ sản xuất thanh long đạt chuẩn xuất khẩu, bao tiêu "
             "sản phẩm cho xã viên.",
             group="farmers", collective="Hợp tác xã thanh long {area}",
             collective_kind="Hợp tác xã", communes=("hamthuan", "hamthuanbac"), movement=2,
             replication="Thành lập tổ hợp tác sản xuất theo chuỗi liên kết"),
    Template(K.EXEMPLAR, "environment", "Trồng cây xanh phủ xanh đồi cát",
             "{Who} kiên trì trồng và chăm sóc hơn {n}.000 cây phi lao, keo lá tràm trên đồi "
             "cát ở {area}, chắn cát bay cho khu dân cư.",
             group="working_people", ages=(45, 75), communes=("phanthiet", "lagi",
                                                               "hamthuanbac"),
             replication="Trồng cây chắn cát dọc khu dân cư ven biển"),
    Template(K.GOOD_PRACTICE, "education", "Dạy bơi miễn phí cho trẻ em làng chài",
             "Mỗi hè, {who} mở lớp dạy bơi miễn phí cho trẻ em ở {area}; đã có hơn {n}0 em "
             "biết bơi, phòng chống đuối nước.",
             group="youth_members", ages=(20, 45), communes=(*SEA, "hamthuan"), movement=0,
             replication="Mở lớp dạy bơi miễn phí cho trẻ em trong hè",
             goal="Nhân rộng lớp dạy bơi ra các khu phố ven biển"),
    Template(K.GOOD_PRACTICE, "culture", "Mô hình tủ sách thôn",
             "{Who} vận động quyên góp được {n}00 đầu sách, lập tủ sách tại nhà văn hóa "
             "{area}, mở cửa các tối cuối tuần cho thiếu nhi.",
             group="youth_members", ages=(20, 40), movement=1,
             replication="Lập tủ sách tại nhà văn hóa khu dân cư",
             goal="Mỗi thôn có một tủ sách, có người trông coi"),
    Template(K.GOOD_PRACTICE, "economy", "Tổ phụ nữ tiết kiệm giúp nhau thoát nghèo",
             "Tổ gồm {k}0 chị em góp vốn tiết kiệm hằng tháng, cho hội viên nghèo vay không "
             "lãi; đã giúp nhiều hộ thoát nghèo.",
             group="women", collective="Tổ phụ nữ tiết kiệm {area}", collective_kind="Tổ hội",
             replication="Thành lập tổ phụ nữ tiết kiệm", goal="Mở rộng ra các chi hội"),
    Template(K.GOOD_PRACTICE, "security_order", "Mô hình camera an ninh tự quản khu dân cư",
             "Người dân góp tiền lắp {n} camera ở các tuyến đường {area}, kết nối với công an "
             "{place}; trộm cắp vặt giảm rõ rệt.",
             collective="Tổ an ninh tự quản {area}", collective_kind="Tổ tự quản",
             replication="Lắp camera an ninh tự quản tại các tuyến đường",
             goal="Phủ camera ở các tuyến đường chính"),
    Template(K.GOOD_PRACTICE, "new_rural", "Mô hình Thắp sáng đường quê",
             "Đoàn viên thanh niên lắp {n}0 bóng đèn năng lượng mặt trời dọc đường {area}, "
             "góp phần giữ an ninh và an toàn giao thông.",
             group="youth_members", collective="Chi đoàn {area}", collective_kind="Chi đoàn",
             movement=2, replication="Lắp đèn năng lượng mặt trời trên tuyến đường quê",
             goal="Thắp sáng toàn bộ các tuyến đường liên thôn"),
    Template(K.GOOD_PRACTICE, "new_rural", "Chi hội phụ nữ 5 không 3 sạch",
             "Chi hội vận động {n}0 hộ hội viên thực hiện tiêu chí nhà sạch, bếp sạch, ngõ "
             "sạch; tổ chức thu gom rác thải mỗi tuần.",
             group="women", collective="Chi hội Phụ nữ {area}", collective_kind="Chi hội",
             movement=2, replication="Ra quân thực hiện tiêu chí 3 sạch",
             goal="Toàn bộ hộ hội viên đạt tiêu chí 3 sạch"),
    Template(K.GOOD_PRACTICE, "environment", "Thu gom rác thải trên bãi biển mỗi sáng chủ nhật",
             "Chi đoàn duy trì ra quân nhặt rác ở {sea} vào mỗi sáng chủ nhật, mỗi buổi thu "
             "gom khoảng {n}0 kg rác thải nhựa.",
             group="youth_members", collective="Chi đoàn {area}", collective_kind="Chi đoàn",
             communes=SEA, replication="Ra quân làm sạch bãi biển hằng tuần",
             goal="Duy trì ra quân hằng tuần, lập điểm phân loại rác"),
    Template(K.GOOD_PRACTICE, "education", "Lớp học tình thương cho trẻ em có hoàn cảnh khó khăn",
             "{Who} mở lớp học tình thương tại nhà ở {area}, dạy miễn phí cho {k}0 em có hoàn "
             "cảnh khó khăn.",
             group="working_people", gender=Subject.Gender.FEMALE, ages=(25, 65), movement=0,
             replication="Mở lớp học tình thương buổi tối",
             goal="Duy trì lớp học, có thêm tình nguyện viên"),
    Template(K.GOOD_PRACTICE, "economy", "Nông nghiệp công nghệ cao trồng rau trong nhà kính",
             "{Who} trồng rau thủy canh trong nhà kính, năng suất gấp đôi và hướng dẫn {n} hộ "
             "hội viên làm theo.",
             group="farmers", ages=(28, 55), occupation="Nông dân",
             communes=("xuanhuong", "bacgianghia"), movement=2,
             replication="Chuyển đổi sang trồng rau trong nhà kính",
             goal="Chuyển giao kỹ thuật cho các hộ hội viên"),
    Template(K.IDEA, "economy", "Ý tưởng sấy thanh long bằng năng lượng mặt trời",
             "{Who} đề xuất chế tạo máy sấy thanh long dùng năng lượng mặt trời, giảm chi phí "
             "và giúp nông dân bán được quả loại hai.",
             group="youth_members", ages=(20, 35), communes=("hamthuan", "hamthuanbac"),
             goal="Chế tạo máy mẫu và thử nghiệm với 5 hộ"),
    Template(K.IDEA, "environment", "Ý tưởng thu gom rác thải nhựa đổi quà",
             "{Who} đề xuất mô hình đổi {k} kg rác thải nhựa lấy một cây xanh hoặc đồ dùng "
             "học tập cho học sinh.",
             group="youth_members", ages=(16, 30),
             goal="Tổ chức điểm đổi rác lấy quà mỗi tháng"),
    Template(K.IDEA, "economy", "Ý tưởng ứng dụng mã QR hướng dẫn thủ tục hành chính",
             "{Who} đề xuất dán mã QR tại bộ phận một cửa của {place}, giúp người dân tra "
             "cứu hồ sơ, thủ tục ngay trên điện thoại.",
             group="youth_members", ages=(20, 32),
             goal="Làm bộ mã QR cho 20 thủ tục thường gặp"),
    Template(K.IDEA, "charity", "Ý tưởng phiên chợ 0 đồng cho người nghèo",
             "{Who} đề xuất tổ chức phiên chợ 0 đồng mỗi quý ở {area}, với quần áo, gạo và "
             "nhu yếu phẩm do bà con quyên góp.",
             group="women", gender=Subject.Gender.FEMALE, ages=(25, 55), movement=1,
             goal="Tổ chức phiên chợ đầu tiên và vận động nhà tài trợ"),
    Template(K.IDEA, "economy", "Ý tưởng nuôi tôm tuần hoàn tiết kiệm nước",
             "{Who} đề xuất nuôi tôm theo hệ thống tuần hoàn, tái sử dụng nước và hạn chế xả "
             "thải ra biển.",
             group="farmers", ages=(25, 50), communes=("lagi", "phuquy", "phanthiet"),
             goal="Thử nghiệm một ao mẫu trong một vụ"),
    Template(K.IDEA, "health", "Ý tưởng tủ thuốc cộng đồng ở khu dân cư",
             "{Who} đề xuất đặt tủ thuốc sơ cứu tại nhà văn hóa {area}, có tình nguyện viên "
             "được tập huấn sơ cấp cứu trực.",
             group="working_people", ages=(25, 60),
             goal="Đặt tủ thuốc và tập huấn 10 tình nguyện viên"),
)  # fmt: skip
