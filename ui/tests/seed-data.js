// Realistic sample data: tasks a ward would draft, their estimates, backups, a training
// programme. The UI tests and the screenshot script write them through the real core's
// commands (./seed.js).

export const profile = {
  unit_code: "26743",
  unit_name: "Phường Bến Thành",
  display_name: "Nguyễn Thị Lan",
  role: "unit_official",
};

const full = {
  field: "Hành chính công",
  task_type: "Nhiệm vụ ứng dụng",
  basis:
    "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia; Kế hoạch chuyển đổi số năm 2026 của UBND Phường Bến Thành.",
  urgency:
    "Mỗi tháng phường tiếp nhận hơn 1.200 phản ánh qua nhiều kênh (tổng đài, Zalo, cổng dịch vụ công); việc phân loại thủ công mất nhiều thời gian, dễ chậm xử lý.",
  objectives:
    "Tự động phân loại và chuyển đúng bộ phận ít nhất 80% phản ánh trong vòng 15 phút; rút ngắn 30% thời gian xử lý trung bình.",
  contents:
    "1. Khảo sát hiện trạng tiếp nhận, xử lý phản ánh.\n2. Xây dựng bộ dữ liệu phản ánh đã ẩn danh.\n3. Phát triển mô hình phân loại tiếng Việt.\n4. Thử nghiệm tại bộ phận một cửa; đánh giá, hoàn thiện.",
  expected_results:
    "Phần mềm phân loại phản ánh tích hợp với hệ thống hiện có; báo cáo đánh giá; quy trình vận hành.",
  impact: "Có thể nhân rộng cho các phường, xã khác trên địa bàn Thành phố.",
  host_unit: "UBND Phường Bến Thành",
  results_usage: "Ứng dụng tại Trung tâm phục vụ hành chính công phường; chia sẻ mã nguồn cho các đơn vị có nhu cầu.",
};

const y = new Date().getFullYear();
const iso = (yy, mm, dd) => `${yy}-${String(mm).padStart(2, "0")}-${String(dd).padStart(2, "0")}`;
const at = (yy, mm, dd, h = 9) => `${iso(yy, mm, dd)}T${String(h).padStart(2, "0")}:15:00Z`;

export function demoTasks() {
  return [
    {
      id: "task-ai",
      status: "in_progress",
      created_at: at(y, 1, 8),
      updated_at: at(y, 11, 20, 3),
      input: {
        ...full,
        kind: "cds",
        year: y,
        name: "Ứng dụng AI trong tiếp nhận phản ánh của người dân",
        cost_state: "450000000",
        cost_own: "50000000",
        cost_other: "",
        start_date: iso(y, 3, 1),
        end_date: iso(y + 1, 3, 31),
        leader: "Trần Minh Khoa",
      },
      transitions: [
        { id: "tr-1", from: null, to: "draft", actor: "Nguyễn Thị Lan", at: at(y, 1, 8), comment: "" },
        { id: "tr-2", from: "draft", to: "submitted", actor: "Nguyễn Thị Lan", at: at(y, 1, 20), comment: "" },
        { id: "tr-3", from: "submitted", to: "returned", actor: "Lê Văn Hùng (Sở KHCN)", at: at(y, 1, 27, 2), comment: "Đề nghị bổ sung dự toán chi tiết phần thuê chuyên gia và căn cứ định mức áp dụng." },
        { id: "tr-4", from: "returned", to: "submitted", actor: "Nguyễn Thị Lan", at: at(y, 2, 3), comment: "Đã bổ sung dự toán theo góp ý." },
        { id: "tr-5", from: "submitted", to: "approved", actor: "Phạm Thu Hà", at: at(y, 2, 12, 7), comment: "Thống nhất triển khai." },
        { id: "tr-6", from: "approved", to: "contracted", actor: "Phạm Thu Hà", at: at(y, 2, 25), comment: "" },
        { id: "tr-7", from: "contracted", to: "in_progress", actor: "Nguyễn Thị Lan", at: at(y, 3, 1), comment: "" },
      ],
      milestones: [
        { title: "Khảo sát hiện trạng tiếp nhận phản ánh", responsible: "Nguyễn Thị Lan", unit: "Văn phòng UBND", start_date: iso(y, 3, 1), due_date: iso(y, 4, 15), done: true },
        { title: "Xây dựng bộ dữ liệu huấn luyện", responsible: "Trần Minh Khoa", unit: "Tổ CĐS", start_date: iso(y, 4, 15), due_date: iso(y, 7, 31), done: true },
        { title: "Phát triển mô hình phân loại phản ánh", responsible: "Trần Minh Khoa", unit: "Đơn vị tư vấn", start_date: iso(y, 6, 1), due_date: iso(y, 10, 31), done: false },
        { title: "Thử nghiệm tại bộ phận một cửa", responsible: "Võ Thị Mai", unit: "Bộ phận một cửa", start_date: iso(y, 10, 1), due_date: iso(y + 1, 1, 31), done: false },
        { title: "Đánh giá, nghiệm thu cơ sở", responsible: "Phạm Thu Hà", unit: "UBND phường", start_date: iso(y + 1, 2, 1), due_date: iso(y + 1, 3, 31), done: false },
      ],
    },
    t("task-hotich", "approved", "cds", y, "Số hóa hồ sơ hộ tịch giai đoạn 2015–2025", "Võ Thị Mai", "320.000.000", [11, 18]),
    t("task-cho", "submitted", "dmst", y, "Mô hình chợ 4.0: thanh toán không dùng tiền mặt tại chợ Bến Thành", "Đỗ Quốc Bảo", "180.000.000", [11, 15]),
    t("task-ngap", "draft", "khcn", y + 1, "Nghiên cứu giải pháp cảnh báo ngập cục bộ bằng cảm biến IoT", "", "", [11, 21]),
    {
      ...t("task-rac", "returned", "cds", y, "Bản đồ số các điểm tập kết rác thải trên địa bàn phường", "Lý Gia Hân", "95.500.000", [11, 10]),
      transitions: [
        { id: "tr-r1", from: null, to: "draft", actor: "Nguyễn Thị Lan", at: at(y, 9, 2), comment: "" },
        { id: "tr-r2", from: "draft", to: "submitted", actor: "Nguyễn Thị Lan", at: at(y, 10, 20), comment: "" },
        { id: "tr-r3", from: "submitted", to: "returned", actor: "Phạm Thu Hà", at: at(y, 11, 10, 2), comment: "Đề nghị làm rõ nguồn dữ liệu vị trí điểm tập kết và phương án cập nhật hằng tháng." },
      ],
    },
    t("task-lichhen", "contracted", "cds", y, "Hệ thống đặt lịch hẹn trực tuyến tại Trung tâm phục vụ hành chính công", "Nguyễn Văn Tâm", "210.000.000", [10, 30]),
    t("task-nangluong", "midterm_checked", "khcn", y - 1, "Ứng dụng năng lượng mặt trời mái nhà tại trụ sở UBND phường", "Huỳnh Thanh Sơn", "760.000.000", [10, 2]),
    t("task-khoinghiep", "draft", "dmst", y + 1, "Vườn ươm ý tưởng khởi nghiệp sáng tạo cho thanh niên phường", "Trương Ngọc Ánh", "120.000.000", [9, 14]),
    t("task-taphuan", "accepted", "cds", y - 1, "Tập huấn kỹ năng số cho cán bộ khu phố", "Nguyễn Thị Lan", "45.000.000", [8, 5]),
    t("task-camera", "suspended", "cds", y, "Camera AI giám sát trật tự đô thị tại các tuyến đường trọng điểm", "Phan Đức Long", "1.250.000.000", [7, 22]),
    t("task-thucpham", "settled", "khcn", y - 1, "Truy xuất nguồn gốc thực phẩm tại bếp ăn trường mầm non", "Mai Hoàng Yến", "88.000.000", [3, 9]),
    t("task-chatbot", "rejected_at_acceptance", "cds", y - 1, "Chatbot giải đáp thủ tục hành chính bằng tiếng Việt", "Trần Minh Khoa", "150.000.000", [2, 17]),
  ];
}

function t(id, status, kind, year, name, leader, cost, [mm, dd]) {
  const milestones =
    status === "draft" || status === "settled"
      ? []
      : [{ title: "Báo cáo tiến độ", responsible: leader, unit: "", start_date: iso(y, mm, 1), due_date: iso(y + (mm > 10 ? 1 : 0), ((mm + 1) % 12) + 1, 10), done: false }];
  return {
    id,
    status,
    created_at: at(y, Math.max(1, mm - 2), dd),
    updated_at: at(y, mm, dd),
    input: { ...full, kind, year, name, leader, cost_state: cost.replace(/\./g, ""), start_date: iso(year, 2, 1), end_date: iso(year, 12, 31) },
    milestones,
  };
}

/** n plain tasks across kinds, statuses and years, for paging and filter tests. */
export function manyTasks(n) {
  const kinds = ["khcn", "dmst", "cds"];
  const statuses = ["draft", "submitted", "approved", "in_progress"];
  return Array.from({ length: n }, (_, i) => ({
    id: `task-m${String(i).padStart(3, "0")}`,
    status: statuses[i % statuses.length],
    updated_at: `2026-01-01T00:${String(i % 60).padStart(2, "0")}:00Z`,
    input: {
      kind: kinds[i % 3],
      year: 2024 + (i % 3),
      name: i % 10 === 0 ? `Ứng dụng số hóa thủ tục ${i}` : `Nhiệm vụ thử nghiệm số ${i}`,
      leader: "Cán bộ " + i,
      cost_state: String(1_000_000 * (i + 1)),
    },
  }));
}

export const backups = [
  { name: "xaso-20261121-1730.sqlite3", created_at: "2026-11-21T10:30:00Z", size_bytes: 1_482_752 },
  { name: "xaso-20261114-1705.sqlite3", created_at: "2026-11-14T10:05:00Z", size_bytes: 1_398_784 },
  { name: "xaso-20261107-1712.sqlite3", created_at: "2026-11-07T10:12:00Z", size_bytes: 1_310_720 },
];

// ---- Budget estimates ---------------------------------------------------------------------

const line = (group, content, unit, quantity, unit_price, extra = {}) => ({ group, content, unit, quantity, unit_price, ...extra });

/** A ward's youth start-up ideas contest: labour, printing, stage hire, a workshop, prizes
 *  (the first prize over the local cap), judges and management. */
export function contestEstimate(extra = {}) {
  return {
    id: "est-kn-1",
    task_id: "task-khoinghiep",
    year: y + 1,
    version_no: 1,
    status: "draft",
    leader_rate: "25000000",
    estimate_date: iso(y, 11, 18),
    people: [
      { id: "per-kn-1", name: "Trương Ngọc Ánh", role: "chu_nhiem", months: "3" },
      { id: "per-kn-2", name: "Lê Hoàng Nam", role: "thanh_vien_chinh", months: "2,5" },
      { id: "per-kn-3", name: "Phạm Thị Thu Trang", role: "thanh_vien_chinh", months: "2,5" },
      { id: "per-kn-4", name: "Đặng Minh Khôi", role: "thu_ky_khoa_hoc", months: "2" },
    ],
    lines: [
      line("materials", "In thể lệ, tờ rơi, áp phích truyền thông cuộc thi", "bộ", "300", "25000"),
      line("materials", "Văn phòng phẩm phục vụ chấm thi", "gói", "1", "2500000"),
      line("equipment", "Thuê âm thanh, ánh sáng, màn hình LED đêm chung kết", "gói", "1", "18000000", { own: "3000000", note: "Phường hỗ trợ hội trường" }),
      line("other", "Hội thảo khởi động: thù lao chủ trì", "người", "1", "1500000"),
      line("other", "Hội thảo khởi động: báo cáo tham luận", "bài", "5", "1000000"),
      line("other", "Hội thảo khởi động: nước uống đại biểu", "người", "80", "40000"),
      line("other", "Giải Nhất cuộc thi ý tưởng khởi nghiệp thanh niên", "giải", "1", "20000000", { norm_code: "contest.prize.first" }),
      line("other", "Giải Nhì", "giải", "2", "12000000", { norm_code: "contest.prize.second" }),
      line("other", "Giải Ba", "giải", "3", "8000000", { norm_code: "contest.prize.third" }),
      line("other", "Giải Khuyến khích", "giải", "5", "4000000", { norm_code: "contest.prize.consolation" }),
      line("other", "Thù lao Ban giám khảo vòng chung kết", "người", "5", "1000000", { other: "5000000", note: "Doanh nghiệp tài trợ" }),
      line("other", "Quản lý chung nhiệm vụ", "nhiệm vụ", "1", "5000000"),
    ],
    ...extra,
  };
}

/** The AI task: version 1 approved, version 2 a draft copied from it with changes. */
export function aiEstimates() {
  const people = [
    { name: "Trần Minh Khoa", role: "chu_nhiem", months: "6" },
    { name: "Võ Thị Mai", role: "thanh_vien_chinh", months: "4" },
  ];
  const v1 = {
    id: "est-ai-1",
    task_id: "task-ai",
    year: y,
    version_no: 1,
    status: "approved",
    leader_rate: "30000000",
    estimate_date: iso(y, 2, 10),
    review_comment: "Thống nhất dự toán. Đơn vị lưu ý thanh toán theo tiến độ thực tế.",
    people: people.map((p, i) => ({ id: `per-ai1-${i}`, ...p })),
    lines: [
      line("materials", "Thuê máy chủ đám mây huấn luyện mô hình", "tháng", "6", "4500000", { id: "ln-ai1-1" }),
      line("equipment", "Máy tính trạm gắn GPU", "bộ", "1", "65000000", { id: "ln-ai1-2" }),
      line("other", "Thuê chuyên gia xử lý ngôn ngữ tiếng Việt", "tháng", "3", "25000000", { id: "ln-ai1-3" }),
      line("other", "Hội thảo đánh giá kết quả thử nghiệm", "buổi", "1", "8000000", { id: "ln-ai1-4" }),
    ],
  };
  const v2 = {
    id: "est-ai-2",
    task_id: "task-ai",
    year: y,
    version_no: 2,
    status: "draft",
    based_on: "est-ai-1",
    leader_rate: "30000000",
    estimate_date: iso(y, 9, 15),
    people: [...people.map((p, i) => ({ id: `per-ai2-${i}`, ...p, months: i === 1 ? "5" : p.months }))],
    lines: [
      line("materials", "Thuê máy chủ đám mây huấn luyện mô hình", "tháng", "8", "4500000", { id: "ln-ai2-1", copied_from: "ln-ai1-1" }),
      line("equipment", "Máy tính trạm gắn GPU", "bộ", "1", "65000000", { id: "ln-ai2-2", copied_from: "ln-ai1-2" }),
      line("other", "Thuê chuyên gia xử lý ngôn ngữ tiếng Việt", "tháng", "3", "25000000", { id: "ln-ai2-3", copied_from: "ln-ai1-3" }),
      line("other", "Tập huấn sử dụng phần mềm cho cán bộ một cửa", "lớp", "2", "6000000", { id: "ln-ai2-5" }),
    ],
  };
  return [v1, v2];
}

/** Estimates of this year for the plan: the AI task's, the civil registry's, the market's. */
export function demoEstimates() {
  return [
    contestEstimate(),
    ...aiEstimates(),
    {
      id: "est-hotich-1",
      task_id: "task-hotich",
      year: y,
      status: "approved",
      leader_rate: "20000000",
      estimate_date: iso(y, 3, 2),
      people: [{ name: "Võ Thị Mai", role: "chu_nhiem", months: "4" }],
      lines: [
        line("other", "Số hóa sổ hộ tịch (trang A4)", "trang", "24000", "6500"),
        line("equipment", "Máy quét tài liệu tốc độ cao", "chiếc", "1", "48000000"),
      ],
    },
    {
      id: "est-cho-1",
      task_id: "task-cho",
      year: y,
      status: "submitted",
      leader_rate: "20000000",
      estimate_date: iso(y, 10, 28),
      people: [
        { name: "Đỗ Quốc Bảo", role: "chu_nhiem", months: "3" },
        { name: "Ngô Thanh Hương", role: "thanh_vien", months: "2" },
      ],
      lines: [
        line("equipment", "Thiết bị thanh toán QR cho tiểu thương", "bộ", "60", "1200000", { own: "12000000" }),
        line("other", "Tuyên truyền, hướng dẫn tiểu thương", "buổi", "6", "3500000"),
      ],
    },
  ];
}

/** n lines of "other costs" (for the 500-line grid). */
export function bigEstimate(n) {
  return contestEstimate({
    id: "est-big",
    lines: Array.from({ length: n }, (_, i) =>
      line(["materials", "equipment", "other"][i % 3], `Nội dung chi số ${i + 1}`, "lần", String((i % 7) + 1), String(100000 * ((i % 13) + 1))),
    ),
  });
}

export const plans = { [y]: 30_000_000_000 };

// ---- Sync ---------------------------------------------------------------------------------

/** The ward's account on the city server in the sync tests (a unit lead of Phường Bến Thành). */
export const serverAccount = {
  user: "lan.nt.benthanh",
  display_name: "Nguyễn Thị Lan",
  role: "unit_lead",
  unit_code: "26743",
  unit_name: "Phường Bến Thành",
};

// ---- Training: one programme of the city with two sessions and their quiz, three
// materials (a PDF with text, a form, a large guide), a ward's trainees and some check-ins
// and quiz attempts of other units. ----
export const cityProfile = { ...profile, role: "city_reviewer", display_name: "Lê Văn Hùng" };

export function demoTraining() {
  const form = (f) => ({ place: "", online_link: "", speakers: "", all_units: true, bridge_points: [], description: "", ...f });
  const q = (id, prompt, options, correct, multiple = false) => ({ id, prompt, options, correct, multiple });
  const att = (session_id, trainee_id, unit_code, mode) => ({ session_id, trainee_id, unit_code, mode });
  const attempt = (session_id, trainee_id, unit_code, marks) => ({
    session_id, trainee_id, unit_code, answers: marks.map((correct, i) => ({ question_id: `q-${i + 1}`, correct })),
  });
  return {
    programmes: [
      {
        id: "prog-2026",
        title: "Bồi dưỡng KHCN, ĐMST và CĐS cho cán bộ cấp xã năm 2026",
        description: "Hai ngày tập huấn cho 168 phường, xã, đặc khu về nhiệm vụ KHCN cấp cơ sở và dự toán kinh phí.",
      },
    ],
    sessions: [
      {
        id: "ses-1",
        programme_id: "prog-2026",
        form: form({
          title: "Nhiệm vụ KHCN cấp cơ sở sử dụng ngân sách nhà nước",
          topic: "Quản lý nhiệm vụ khoa học và công nghệ",
          starts_at: "2026-12-05T08:00",
          ends_at: "2026-12-05T11:30",
          format: "hybrid",
          place: "Hội trường Sở KHCN, 244 Điện Biên Phủ, Phường Xuân Hòa",
          online_link: "https://hop.sokhcn.tphcm.gov.vn/tap-huan-0512",
          speakers: "TS. Nguyễn Văn An, ThS. Trần Thị Bình",
          description: "Quy trình đề xuất, đặt hàng, tuyển chọn và nghiệm thu nhiệm vụ cấp cơ sở.",
        }),
      },
      {
        id: "ses-2",
        programme_id: "prog-2026",
        form: form({
          title: "Lập dự toán kinh phí KHCN, ĐMST và CĐS",
          topic: "Dự toán kinh phí",
          starts_at: "2026-12-05T13:30",
          ends_at: "2026-12-05T16:30",
          format: "online",
          online_link: "https://hop.sokhcn.tphcm.gov.vn/du-toan",
          speakers: "ThS. Phạm Minh Châu",
          all_units: false,
          bridge_points: ["26743", "26740", "27637"],
        }),
      },
    ],
    materials: [
      {
        id: "mat-1", programme_id: "prog-2026", session_id: "ses-1",
        title: "Bài giảng: Quy trình đề xuất, đặt hàng nhiệm vụ cấp cơ sở", description: "Slide của TS. Nguyễn Văn An",
        file_name: "quy-trinh-nhiem-vu-co-so.pdf", size: 12_500_000,
        // The slides' words (a PDF in Helvetica holds Latin-1 letters only: "ư", "ơ", "đ" are not in it).
        text: "Quan ly ngân sách nhà nuoc cho nhiem vu khoa hoc công nghe cap co so",
      },
      {
        id: "mat-2", programme_id: "prog-2026", session_id: "ses-1",
        title: "Biểu mẫu phiếu đề xuất nhiệm vụ", description: "Mẫu phiếu đề xuất, đặt hàng (bản Word)",
        file_name: "phieu-de-xuat-nhiem-vu.docx", size: 245_000,
      },
      {
        id: "mat-3", programme_id: "prog-2026", session_id: "ses-2",
        title: "Hướng dẫn lập dự toán ngân sách KHCN", description: "Thông tư, định mức và ví dụ tính",
        file_name: "huong-dan-du-toan.pptx", size: 48_000_000,
      },
    ],
    trainees: [
      { id: "tn-1", unit_code: "26743", full_name: "Trần Văn Minh", position: "Công chức Văn hóa – Xã hội" },
      { id: "tn-2", unit_code: "26743", full_name: "Lê Thị Hoa", position: "Phó Chủ tịch UBND phường" },
      { id: "tn-3", unit_code: "26740", full_name: "Võ Thanh Tùng", position: "Công chức Văn phòng" },
      { id: "tn-4", unit_code: "26740", full_name: "Đỗ Ngọc Mai", position: "Chuyên viên" },
      { id: "tn-5", unit_code: "27637", full_name: "Huỳnh Văn Lộc", position: "Công chức Tài chính" },
    ],
    attendance: [
      att("ses-1", "tn-3", "26740", "in_person"),
      att("ses-1", "tn-4", "26740", "online"),
      att("ses-1", "tn-5", "27637", "online"),
      att("ses-2", "tn-3", "26740", "online"),
    ],
    questions: {
      "ses-1": [
        q("q-1", "Ai phê duyệt danh mục nhiệm vụ KHCN cấp cơ sở của phường?", ["Chủ tịch UBND phường", "Sở KHCN", "Bộ KHCN"], [0]),
        q("q-2", "Phiếu đề xuất nhiệm vụ cần có những nội dung nào?", ["Mục tiêu", "Nội dung chính", "Tên báo cáo viên", "Kết quả dự kiến"], [0, 1, 3], true),
        q("q-3", "Kinh phí nhiệm vụ được tính bằng đơn vị nào?", ["Đồng", "Nghìn đồng", "Triệu đồng"], [0]),
        q("q-4", "Nhiệm vụ bị trả lại thì trạng thái tiếp theo là gì?", ["Đã gửi lại", "Hủy", "Đã nghiệm thu"], [0]),
      ],
    },
    attempts: [
      attempt("ses-1", "tn-3", "26740", [true, false, true, true]),
      attempt("ses-1", "tn-4", "26740", [true, false, true, false]),
      attempt("ses-1", "tn-5", "27637", [true, true, true, true]),
    ],
  };
}

// The conflicts: Lan drafts the tasks and syncs, Hà (enrolled on a second laptop of the
// ward) receives them; both edit the same field of each, Lan syncs first, then Hà, so
// Hà's value is kept and Lan's is the replaced one; Lan syncs again and sees them all.
// The last one (the field) Lan has already resolved by merging.
export const CONFLICTS = [
  { name: "Ứng dụng AI trong tiếp nhận phản ánh của người dân", field: "objectives", base: "Tự động phân loại phản ánh.",
    lan: "Tự động phân loại ít nhất 85% phản ánh trong vòng 10 phút; rút ngắn 35% thời gian xử lý trung bình.",
    ha: "Tự động phân loại và chuyển đúng bộ phận ít nhất 80% phản ánh trong vòng 15 phút; rút ngắn 30% thời gian xử lý trung bình." },
  { name: "Số hóa hồ sơ hộ tịch", field: "cost_state", base: "300000000", lan: "320000000", ha: "350000000" },
  { name: "Hệ thống đặt lịch hẹn trực tuyến", field: "leader", base: "Lê Văn Hùng", lan: "", ha: "Nguyễn Văn Tâm" },
  { name: "Tập huấn kỹ năng số cho cán bộ khu phố", field: "field", base: "Chuyển đổi số", lan: "Hành chính công", ha: "Giáo dục", merged: "Hành chính công, Giáo dục" },
];
