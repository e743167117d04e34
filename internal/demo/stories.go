package demo

import (
	"time"

	"trangtin/internal/content"
	"trangtin/internal/vi"
)

// Leader is one of the demo district's leaders: the same people sign its
// documents, chair the events of its articles and fill its work schedule.
type Leader struct {
	Name, Position string
	Phone, Email   string
	Bio            string
}

// Leaders of the demo site, as its Lãnh đạo page lists them. Vũ Thị Dược
// is the Vice-Chair the reference article names (the stories do not name
// her again, so that a search for her finds that article first, as the
// search tests require); the Chair's name is invented for the demo.
var Leaders = []Leader{
	{Name: "Đinh Văn Hùng", Position: "Chủ tịch UBND huyện", Phone: "0229 3640 001", Email: "chutich@giavien.ninhbinh.gov.vn",
		Bio: "Sinh năm 1972, quê quán xã Gia Hưng, huyện Gia Viễn.\n\nTrình độ chuyên môn: Thạc sĩ Quản lý kinh tế. Lý luận chính trị: Cao cấp.\n\nHồ sơ trình diễn, do quản trị viên cập nhật."},
	{Name: "Vũ Thị Dược", Position: "Phó Chủ tịch UBND huyện", Phone: "0229 3640 002", Email: "phochutich@giavien.ninhbinh.gov.vn",
		Bio: "Huyện ủy viên. Phụ trách lĩnh vực văn hóa - xã hội.\n\nHồ sơ trình diễn, do quản trị viên cập nhật."},
}

// chair and viceChair are the leaders by role, for the data below.
var chair, viceChair = Leaders[0], Leaders[1]

// Story is a demo article of the Gia Viễn site, with its lead photo drawn
// by the demo (Scene), described by Alt and credited by Caption.
type Story struct {
	Title, Category, Summary string
	Paragraphs               []string
	Author, Unit             string
	Published                time.Time
	Scene                    Scene
	Alt, Caption             string
}

const unit = "Trung tâm VHTT&TT huyện"

func at(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, vi.Zone) }

// SeedPhoto is the reference article's lead photo.
var SeedPhoto = Story{Scene: SceneMeeting,
	Alt:     "Hình minh họa: hội trường UBND huyện với lá cờ đỏ sao vàng, các đại biểu ngồi ở bàn chủ tọa",
	Caption: "Hình minh họa do trangtin vẽ cho trang trình diễn"}

// Stories are the demo site's articles besides the reference one, all of
// Gia Viễn (its communes, its leaders), newest first.
var Stories = []Story{
	{Title: "Chủ tịch UBND huyện kiểm tra tiến độ đường giao thông liên xã Gia Hưng - Liên Sơn",
		Category: content.DefaultCategoryName, Author: "Thu Hà", Unit: unit, Published: at(2024, time.October, 15, 16),
		Summary: "Đồng chí Đinh Văn Hùng, Chủ tịch UBND huyện, yêu cầu nhà thầu hoàn thành tuyến đường trước Tết Nguyên đán.",
		Paragraphs: []string{
			"Chiều ngày 15/10, đồng chí Đinh Văn Hùng, Chủ tịch UBND huyện, cùng lãnh đạo Phòng Kinh tế và Hạ tầng, Ban Quản lý dự án đầu tư xây dựng huyện kiểm tra tiến độ thi công tuyến đường giao thông liên xã Gia Hưng - Liên Sơn.",
			"Tuyến đường dài 4,2 km, mặt đường rộng 7 m, tổng mức đầu tư hơn 48 tỷ đồng. Đến nay, nhà thầu đã hoàn thành nền đường và 2,8 km mặt đường bê tông; các hộ dân hai xã đã bàn giao toàn bộ mặt bằng.",
			"Đồng chí Chủ tịch UBND huyện yêu cầu nhà thầu tăng cường nhân lực, máy móc, bảo đảm chất lượng và an toàn giao thông, hoàn thành tuyến đường trước Tết Nguyên đán; UBND hai xã tiếp tục vận động nhân dân giữ gìn hành lang an toàn đường bộ.",
		},
		Scene: SceneRoad, Alt: "Hình minh họa: con đường bê tông mới chạy giữa cánh đồng, xa xa là núi đá vôi", Caption: "Hình minh họa do trangtin vẽ cho trang trình diễn"},
	{Title: "Gia Tiến thu hoạch lúa xuân, năng suất ước đạt 68 tạ/ha",
		Category: "Kinh tế - Xã hội", Author: "Minh Hằng", Unit: unit, Published: at(2024, time.June, 10, 9),
		Summary: "Nông dân xã Gia Tiến thu hoạch 320 ha lúa xuân bằng máy gặt đập liên hợp, sớm hơn mọi năm một tuần.",
		Paragraphs: []string{
			"Những ngày này, trên cánh đồng xã Gia Tiến, nông dân khẩn trương thu hoạch lúa xuân. Toàn xã gieo cấy 320 ha, chủ yếu là giống lúa chất lượng cao, năng suất ước đạt 68 tạ/ha, tăng 3 tạ/ha so với vụ xuân năm trước.",
			"Hơn 90% diện tích được thu hoạch bằng máy gặt đập liên hợp. HTX dịch vụ nông nghiệp xã bố trí máy làm đất ngay sau thu hoạch để kịp gieo cấy vụ mùa theo khung lịch thời vụ của huyện.",
		},
		Scene: SceneField, Alt: "Hình minh họa: nông dân đội nón lá gặt lúa chín vàng dưới chân núi", Caption: "Hình minh họa do trangtin vẽ cho trang trình diễn"},
	{Title: "Huyện Gia Viễn triển khai công tác phòng, chống thiên tai và tìm kiếm cứu nạn năm 2024",
		Category: content.DefaultCategoryName, Author: "Thu Hà", Unit: unit, Published: at(2024, time.May, 22, 10),
		Summary: "Ban Chỉ huy phòng, chống thiên tai huyện rà soát 24 km đê sông Hoàng Long và các điểm xung yếu trước mùa mưa lũ.",
		Paragraphs: []string{
			"Sáng ngày 22/5, Ban Chỉ huy phòng, chống thiên tai và tìm kiếm cứu nạn huyện tổ chức hội nghị tổng kết công tác năm 2023, triển khai nhiệm vụ năm 2024. Đồng chí Đinh Văn Hùng, Chủ tịch UBND huyện, Trưởng ban chủ trì hội nghị.",
			"Năm 2024, huyện tập trung kiểm tra 24 km đê sông Hoàng Long, các cống dưới đê và những điểm xung yếu; chuẩn bị vật tư, phương tiện theo phương châm “bốn tại chỗ”; xây dựng phương án sơ tán dân ở các xã vùng trũng Gia Thịnh, Gia Phương, Gia Trung.",
			"Đồng chí Chủ tịch UBND huyện yêu cầu các xã, thị trấn hoàn thành phương án phòng, chống thiên tai trước ngày 15/6, tổ chức diễn tập và thường trực nghiêm túc trong mùa mưa lũ.",
		},
		Scene: SceneRiver, Alt: "Hình minh họa: lực lượng xung kích đi kiểm tra đê sông dưới trời nhiều mây", Caption: "Hình minh họa do trangtin vẽ cho trang trình diễn"},
	{Title: "Khu bảo tồn đất ngập nước Vân Long đón khách du lịch đầu xuân",
		Category: "Văn hóa - Xã hội", Author: "Minh Hằng", Unit: unit, Published: at(2024, time.February, 20, 15),
		Summary: "Trong tháng Giêng, Khu bảo tồn đất ngập nước Vân Long đón hơn 25.000 lượt khách; hơn 300 đò của người dân xã Gia Vân phục vụ du khách.",
		Paragraphs: []string{
			"Những ngày đầu xuân, Khu bảo tồn đất ngập nước Vân Long ở xã Gia Vân đón đông du khách đến ngắm cảnh núi non, đầm nước và đàn voọc mông trắng.",
			"Ban Quản lý khu bảo tồn phối hợp với UBND xã Gia Vân sắp xếp hơn 300 đò của người dân chở khách theo lượt, niêm yết giá vé, trang bị áo phao cho mọi du khách và giữ gìn vệ sinh môi trường đầm.",
		},
		Scene: SceneLagoon, Alt: "Hình minh họa: đò chở du khách trên đầm Vân Long giữa những dãy núi đá vôi", Caption: "Hình minh họa do trangtin vẽ cho trang trình diễn"},
	{Title: "Ngày hội Đại đoàn kết toàn dân tộc ở thôn Tập Ninh, xã Gia Trung",
		Category: "Văn hóa - Xã hội", Author: "Thu Hà", Unit: unit, Published: at(2023, time.November, 18, 11),
		Summary: "Lãnh đạo UBND huyện dự và chung vui cùng nhân dân thôn Tập Ninh.",
		Paragraphs: []string{
			"Nhân kỷ niệm 93 năm Ngày thành lập Mặt trận Tổ quốc Việt Nam, thôn Tập Ninh, xã Gia Trung tổ chức Ngày hội Đại đoàn kết toàn dân tộc. Dự ngày hội có đồng chí Phó Chủ tịch UBND huyện phụ trách văn hóa - xã hội.",
			"Năm 2023, nhân dân thôn Tập Ninh đóng góp hơn 600 triệu đồng và hàng trăm ngày công làm đường, kênh mương nội đồng; 95% hộ gia đình đạt danh hiệu gia đình văn hóa. Dịp này, UBND huyện tặng giấy khen cho 5 hộ gia đình tiêu biểu.",
		},
		Scene: SceneFestival, Alt: "Hình minh họa: cờ và đèn lồng trước nhà văn hóa thôn, bà con dự ngày hội", Caption: "Hình minh họa do trangtin vẽ cho trang trình diễn"},
	{Title: "Năm học mới: huyện Gia Viễn có thêm ba trường đạt chuẩn quốc gia",
		Category: "Kinh tế - Xã hội", Author: "Minh Hằng", Unit: unit, Published: at(2023, time.September, 5, 10),
		Summary: "Toàn huyện bước vào năm học 2023 - 2024 với hơn 21.000 học sinh; ba trường được công nhận đạt chuẩn quốc gia.",
		Paragraphs: []string{
			"Sáng ngày 5/9, các trường học trên địa bàn huyện đồng loạt tổ chức lễ khai giảng năm học 2023 - 2024. Lãnh đạo UBND huyện dự lễ khai giảng và đánh trống khai trường tại Trường THCS Gia Phú.",
			"Năm học này, toàn huyện có hơn 21.000 học sinh; Trường Tiểu học Gia Lạc, Trường Mầm non Gia Phong và Trường THCS Gia Phú được công nhận đạt chuẩn quốc gia, nâng tổng số trường đạt chuẩn lên 52.",
		},
		Scene: SceneSchool, Alt: "Hình minh họa: học sinh áo trắng xếp hàng trên sân trường, cột cờ trước dãy lớp học", Caption: "Hình minh họa do trangtin vẽ cho trang trình diễn"},
	{Title: "Huyện Gia Viễn dâng hương tưởng niệm các anh hùng liệt sĩ nhân ngày 27/7",
		Category: "Văn hóa - Xã hội", Author: "Thu Hà", Unit: unit, Published: at(2023, time.July, 26, 8),
		Summary: "Đoàn đại biểu lãnh đạo huyện do đồng chí Đinh Văn Hùng, Chủ tịch UBND huyện, dẫn đầu dâng hương tại Nghĩa trang liệt sĩ huyện.",
		Paragraphs: []string{
			"Nhân kỷ niệm 76 năm Ngày Thương binh - Liệt sĩ (27/7/1947 - 27/7/2023), đoàn đại biểu lãnh đạo huyện do đồng chí Đinh Văn Hùng, Chủ tịch UBND huyện, dẫn đầu đã dâng hương, dâng hoa tưởng niệm các anh hùng liệt sĩ tại Nghĩa trang liệt sĩ huyện.",
			"Dịp này, huyện tặng 2.650 suất quà tới người có công với cách mạng và thân nhân liệt sĩ với tổng trị giá hơn 1,1 tỷ đồng.",
		},
	},
}

// storyBody is a story's text as an article body.
func storyBody(s Story) string {
	body := ""
	for _, p := range s.Paragraphs {
		body += content.TextToHTML(p)
	}
	return body
}
