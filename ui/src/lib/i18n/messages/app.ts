// Messages of the window, first start, backups and what every screen shares.
// Each key's Vietnamese and English side by side (a key without both does not type-check);
// placeholders are {name}, filled by `t(key, { name })`.
import type { Pair } from "./pair";

export const app = {
  "app.name": { vi: "Xã Số", en: "Xã Số" },
  "app.tagline": { vi: "KHCN · ĐMST · CĐS cấp xã", en: "Commune S&T · Innovation · Digital" },
  "app.loading": { vi: "Đang tải…", en: "Loading…" },
  "app.load_failed": { vi: "Không mở được dữ liệu", en: "Could not open the data" },
  "app.retry": { vi: "Thử lại", en: "Try again" },

  "demo.banner": { vi: "Dữ liệu mẫu — không lưu lâu dài", en: "Sample data — not kept" },

  "locale.switch_to": { vi: "English", en: "Tiếng Việt" },
  "locale.switch_label": { vi: "Chuyển sang tiếng Anh", en: "Switch to Vietnamese" },

  "nav.label": { vi: "Điều hướng chính", en: "Main navigation" },
  "nav.tasks": { vi: "Nhiệm vụ", en: "Tasks" },
  "nav.backups": { vi: "Sao lưu", en: "Backups" },
  "nav.shortcuts": {
    vi: "Phím tắt: / tìm kiếm · Ctrl+N tạo nhiệm vụ",
    en: "Shortcuts: / search · Ctrl+N new task",
  },

  "common.close": { vi: "Đóng", en: "Close" },
  "common.cancel": { vi: "Hủy bỏ", en: "Cancel" },
  "common.save": { vi: "Lưu", en: "Save" },
  "common.edit": { vi: "Sửa", en: "Edit" },
  "common.delete": { vi: "Xóa", en: "Delete" },
  "common.all": { vi: "Tất cả", en: "All" },
  "common.none": { vi: "—", en: "—" },
  "common.required": { vi: "bắt buộc", en: "required" },

  "hint.name": {
    vi: "Ngắn gọn, nêu rõ vấn đề và giải pháp",
    en: "Short; name the problem and the solution",
  },
  "hint.field": {
    vi: "Ví dụ: Hành chính công, Y tế, Giáo dục",
    en: "e.g. Public administration, Health, Education",
  },
  "hint.task_type": {
    vi: "Ví dụ: Nhiệm vụ ứng dụng, Dự án thử nghiệm",
    en: "e.g. Application task, Pilot project",
  },
  "hint.money": { vi: "Đồng, ví dụ 1.250.000", en: "Đồng, e.g. 1.250.000" },
  "hint.date": { vi: "dd/mm/yyyy", en: "dd/mm/yyyy" },
  "hint.time": { vi: "hh:mm", en: "hh:mm" },
  "hint.time_label": { vi: "Giờ (24 giờ, hh:mm)", en: "Time (24-hour, hh:mm)" },
  "date.pick": { vi: "Chọn ngày trên lịch", en: "Pick a date on the calendar" },
  "date.prev_month": { vi: "Tháng trước", en: "Previous month" },
  "date.next_month": { vi: "Tháng sau", en: "Next month" },
  "date.keys": {
    vi: "Mũi tên: đổi ngày · PgUp/PgDn: đổi tháng · Enter: chọn · Esc: đóng",
    en: "Arrows: day · PgUp/PgDn: month · Enter: pick · Esc: close",
  },

  "first.title": { vi: "Chào mừng đến với Xã Số", en: "Welcome to Xã Số" },
  "first.intro": {
    vi: "Chọn đơn vị của bạn để bắt đầu. Dữ liệu được lưu trên máy này và dùng được cả khi không có mạng.",
    en: "Choose your unit to begin. Data is kept on this computer and works without a network connection.",
  },
  "first.unit": { vi: "Đơn vị (phường, xã, đặc khu)", en: "Unit (ward, commune, special zone)" },
  "first.city_unit": {
    vi: "Sở Khoa học và Công nghệ — cán bộ của Sở không chọn phường, xã.",
    en: "Department of Science and Technology — the Department's staff pick no ward.",
  },
  "first.unit_placeholder": {
    vi: "Gõ tên, không cần dấu — ví dụ: ben thanh",
    en: "Type the name, no diacritics needed — e.g. ben thanh",
  },
  "first.unit_help": {
    vi: "Dùng phím mũi tên ↑ ↓ và Enter để chọn.",
    en: "Use the ↑ ↓ arrow keys and Enter to choose.",
  },
  "first.no_units": { vi: "Không tìm thấy đơn vị phù hợp.", en: "No matching unit." },
  "first.units_count": { vi: "{n} đơn vị", en: "{n} units" },
  "first.selected": { vi: "Đơn vị đã chọn: {name}", en: "Selected unit: {name}" },
  "first.not_selected": { vi: "Chưa chọn đơn vị.", en: "No unit selected yet." },
  "first.name": { vi: "Họ và tên", en: "Full name" },
  "first.name_placeholder": { vi: "Ví dụ: Nguyễn Thị Lan", en: "e.g. Nguyễn Thị Lan" },
  "first.role": { vi: "Vai trò", en: "Role" },
  "first.role_note": {
    vi: "Khi máy kết nối với máy chủ của Thành phố, vai trò và đơn vị theo tài khoản Sở KHCN cấp cho bạn.",
    en: "Once this computer connects to the city's server, your role and unit are those of the account the department gave you.",
  },
  "first.save": { vi: "Bắt đầu sử dụng", en: "Start" },
  "first.saving": { vi: "Đang lưu…", en: "Saving…" },

  "corrupt.title": { vi: "Không đọc được dữ liệu", en: "The data cannot be read" },
  "corrupt.kept": {
    vi: "Tệp dữ liệu bị hỏng đã được giữ lại riêng, không bị xóa, để có thể kiểm tra sau. Bạn có thể khôi phục từ một bản sao lưu dưới đây.",
    en: "The damaged data file was kept aside, not deleted, so it can be examined later. You can restore from one of the backups below.",
  },
  "corrupt.db_path": { vi: "Tệp dữ liệu", en: "Data file" },
  "corrupt.backups": { vi: "Bản sao lưu trên máy", en: "Backups on this computer" },
  "corrupt.no_backups": {
    vi: "Không có bản sao lưu nào trên máy này. Hãy liên hệ bộ phận hỗ trợ kỹ thuật.",
    en: "There are no backups on this computer. Please contact technical support.",
  },

  "newer.title": { vi: "Cần cập nhật ứng dụng", en: "Please update the app" },
  "newer.body": {
    vi: "Dữ liệu trên máy này được ghi bởi một phiên bản Xã Số mới hơn phiên bản đang chạy. Hãy cập nhật Xã Số lên phiên bản mới nhất để tiếp tục. Dữ liệu của bạn không bị thay đổi.",
    en: "The data on this computer was written by a newer version of Xã Số than the one running. Update Xã Số to the latest version to continue. Your data has not been changed.",
  },

  "save.idle": { vi: "Chưa có thay đổi", en: "No changes" },
  "save.saving": { vi: "Đang lưu…", en: "Saving…" },
  "save.saved": { vi: "Đã lưu lúc {time}", en: "Saved at {time}" },
  "save.error": { vi: "Lỗi khi lưu", en: "Could not save" },
  "save.not_saved_fields": { vi: "{n} trường chưa lưu", en: "{n} field(s) not saved" },
  "save.retry": { vi: "Thử lại", en: "Retry" },
  "leave.title": { vi: "Chưa lưu xong", en: "Not all saved" },
  "leave.unsaved_one": {
    vi: "Giá trị bạn gõ ở {n} trường chưa được lưu (xem dòng đỏ bên cạnh trường). Nếu rời đi, giá trị đó sẽ mất.",
    en: "What you typed in {n} field is not saved (see the red line beside it). Leaving loses it.",
  },
  "leave.unsaved_n": {
    vi: "Giá trị bạn gõ ở {n} trường chưa được lưu (xem dòng đỏ bên cạnh các trường). Nếu rời đi, các giá trị đó sẽ mất.",
    en: "What you typed in {n} fields is not saved (see the red lines beside them). Leaving loses it.",
  },
  "leave.failed": {
    vi: "Thay đổi mới nhất chưa lưu được (xem trạng thái lưu ở đầu trang). Nếu rời đi, thay đổi đó sẽ mất.",
    en: "Your latest change could not be saved (see the save status at the top). Leaving loses it.",
  },
  "leave.stay": { vi: "Ở lại để sửa", en: "Stay and fix it" },
  "leave.discard": { vi: "Rời đi, bỏ phần chưa lưu", en: "Leave without it" },

  "backups.title": { vi: "Sao lưu", en: "Backups" },
  "backups.subtitle": {
    vi: "Bản sao toàn bộ dữ liệu của đơn vị, lưu trên máy này.",
    en: "Copies of all of the unit's data, kept on this computer.",
  },
  "backups.now": { vi: "Sao lưu ngay", en: "Back up now" },
  "backups.working": { vi: "Đang sao lưu…", en: "Backing up…" },
  "backups.done": { vi: "Đã tạo bản sao lưu {name}.", en: "Backup {name} created." },
  "backups.col_name": { vi: "Tên bản sao lưu", en: "Backup name" },
  "backups.col_time": { vi: "Thời gian", en: "Time" },
  "backups.col_size": { vi: "Dung lượng", en: "Size" },
  "backups.restore": { vi: "Khôi phục", en: "Restore" },
  "backups.empty": {
    vi: "Chưa có bản sao lưu nào. Nhấn “Sao lưu ngay” để tạo bản đầu tiên.",
    en: "No backups yet. Press “Back up now” to make the first one.",
  },
  "backups.confirm_title": { vi: "Khôi phục bản sao lưu?", en: "Restore this backup?" },
  "backups.confirm_body": {
    vi: "Dữ liệu hiện tại sẽ được thay bằng nội dung của bản sao lưu “{name}” ({time}).",
    en: "The current data will be replaced by the contents of backup “{name}” ({time}).",
  },
  "backups.restoring": { vi: "Đang khôi phục…", en: "Restoring…" },

  "nav.plan": { vi: "Kế hoạch năm", en: "Yearly plan" },
  "nav.norms": { vi: "Định mức", en: "Norms" },
  "nav.indicators": { vi: "Chỉ tiêu", en: "Indicators" },
  "nav.sync": { vi: "Đồng bộ", en: "Sync" },
  "nav.conflicts": { vi: "Xung đột", en: "Conflicts" },
  "nav.training": { vi: "Tập huấn", en: "Training" },
} as const satisfies Record<string, Pair>;
