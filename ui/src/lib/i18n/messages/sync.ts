// Messages of sync with the city server: status, enrolment, conflicts, refused and set-aside changes.
// Each key's Vietnamese and English side by side (a key without both does not type-check);
// placeholders are {name}, filled by `t(key, { name })`.
import type { Pair } from "./pair";

export const sync = {
  "sync.state.not_enrolled": { vi: "Chưa kết nối máy chủ", en: "Not connected to a server" },
  "sync.state.online": { vi: "Đã kết nối", en: "Connected" },
  "sync.state.offline": { vi: "Ngoại tuyến", en: "Offline" },
  "sync.state.syncing": { vi: "Đang đồng bộ…", en: "Syncing…" },
  "sync.state.needs_update": { vi: "Cần cập nhật ứng dụng", en: "App update needed" },
  "sync.state.unauthorized": { vi: "Cần đăng nhập lại", en: "Sign in again" },
  "sync.state.account_disabled": { vi: "Tài khoản bị khoá", en: "Account disabled" },
  "sync.synced_at": { vi: "Đã đồng bộ {time}", en: "Synced {time}" },
  "sync.unknown": { vi: "Chưa rõ trạng thái đồng bộ", en: "Sync status unknown" },
  "sync.poll_failed": {
    vi: "Không cập nhật được trạng thái đồng bộ: {message}",
    en: "Could not read the sync status: {message}",
  },
  "sync.pending_one": { vi: "{n} thay đổi chờ gửi", en: "{n} change to send" },
  "sync.pending_n": { vi: "{n} thay đổi chờ gửi", en: "{n} changes to send" },
  "sync.pending_short_one": { vi: "{n} chờ gửi", en: "{n} to send" },
  "sync.pending_short_n": { vi: "{n} chờ gửi", en: "{n} to send" },
  "sync.conflicts_one": { vi: "{n} xung đột", en: "{n} conflict" },
  "sync.conflicts_n": { vi: "{n} xung đột", en: "{n} conflicts" },
  "sync.open": { vi: "Mở màn hình đồng bộ", en: "Open the sync screen" },
  "sync.open_conflicts": { vi: "Mở hộp xung đột", en: "Open the conflicts inbox" },
  "sync.title": { vi: "Đồng bộ", en: "Sync" },
  "sync.subtitle": {
    vi: "Dữ liệu luôn được lưu trên máy này. Khi có mạng, ứng dụng tự gửi thay đổi lên máy chủ của Thành phố và nhận thay đổi của người khác.",
    en: "Data is always kept on this computer. When there is a network, the app sends its changes to the city server and receives everyone else's.",
  },
  "sync.enrol_title": {
    vi: "Kết nối máy này với máy chủ",
    en: "Connect this computer to the server",
  },
  "sync.enrol_intro": {
    vi: "Đăng nhập bằng tài khoản do Sở KHCN cấp. Sau khi kết nối, vai trò và đơn vị của bạn do máy chủ cấp.",
    en: "Sign in with the account the city's Department of Science and Technology gave you. Once connected, your role and unit come from the server.",
  },
  "sync.unauthorized_note": {
    vi: "Máy chủ không còn chấp nhận thiết bị này (đã bị thu hồi hoặc đã đăng xuất). Hãy đăng nhập lại; các thay đổi chưa gửi vẫn được giữ trên máy.",
    en: "The server no longer accepts this device (revoked or signed out). Sign in again; unsent changes are kept on this computer.",
  },
  "sync.account_disabled_note": {
    vi: "Quản trị viên thành phố đã khoá tài khoản này nên máy không đồng bộ. Các thay đổi chưa gửi vẫn được giữ trên máy. Hãy liên hệ quản trị viên thành phố; khi tài khoản được mở lại, đăng nhập lại ở đây để gửi chúng.",
    en: "The city admin disabled this account, so this computer does not sync. Unsent changes are kept on it. Ask the city admin; once the account is enabled, sign in again here to send them.",
  },
  "sync.needs_update_note": {
    vi: "Máy chủ cần phiên bản Xã Số mới hơn. Các thay đổi chưa gửi vẫn được giữ trên máy; hãy cập nhật ứng dụng để tiếp tục đồng bộ.",
    en: "The server needs a newer version of Xã Số. Unsent changes are kept on this computer; update the app to sync again.",
  },
  "sync.pending_local_one": {
    vi: "{n} thay đổi trên máy này đang chờ gửi; thay đổi sẽ được gửi sau khi kết nối.",
    en: "{n} change on this computer is waiting; it will be sent once connected.",
  },
  "sync.pending_local_n": {
    vi: "{n} thay đổi trên máy này đang chờ gửi; chúng sẽ được gửi sau khi kết nối.",
    en: "{n} changes on this computer are waiting; they will be sent once connected.",
  },
  "sync.pending_previous": {
    vi: "Chúng được làm khi máy đăng nhập bằng tài khoản {name}; nếu đăng nhập bằng tài khoản khác, chúng sẽ được gửi dưới tên tài khoản đó.",
    en: "They were made while {name} was signed in here; signing in with another account sends them under that account.",
  },
  "sync.f_server_url": { vi: "Địa chỉ máy chủ", en: "Server address" },
  "sync.f_server_url_hint": {
    vi: "Do Sở KHCN cung cấp, bắt đầu bằng https://",
    en: "Given by the department, starting with https://",
  },
  "sync.f_user": { vi: "Tên đăng nhập", en: "User name" },
  "sync.f_password": { vi: "Mật khẩu", en: "Password" },
  "sync.f_device_name": { vi: "Tên máy", en: "Computer name" },
  "sync.f_device_name_hint": {
    vi: "Để quản trị viên nhận ra máy này trong danh sách thiết bị",
    en: "So the administrator recognises this computer in the device list",
  },
  "sync.f_ca_file": {
    vi: "Tệp chứng chỉ của Thành phố (không bắt buộc)",
    en: "The city's certificate file (optional)",
  },
  "sync.f_ca_file_hint": {
    vi: "Đường dẫn tệp .pem; chỉ cần khi bộ phận kỹ thuật yêu cầu",
    en: "Path to a .pem file; only when technical support asks for it",
  },
  "sync.f_allow_insecure_http": {
    vi: "Cho phép kết nối không mã hóa (http://) tới máy chủ này",
    en: "Allow an unencrypted connection (http://) to this server",
  },
  "sync.insecure_http_warning": {
    vi: "Cảnh báo: với http://, mật khẩu và mọi dữ liệu đi qua mạng mà không được mã hóa; người khác trên cùng mạng có thể đọc hoặc sửa chúng. Chỉ đánh dấu khi quản trị viên của Sở yêu cầu; nếu có thể, hãy dùng địa chỉ https://.",
    en: "Warning: over http://, the password and all data cross the network unencrypted; others on the same network can read or change them. Tick this only if the department's administrator says so; use an https:// address if you can.",
  },
  "sync.device_default": { vi: "Máy tính {unit}", en: "Máy tính {unit}" },
  "sync.enrol": { vi: "Kết nối", en: "Connect" },
  "sync.enrolling": { vi: "Đang kết nối…", en: "Connecting…" },
  "sync.enrol_keys": { vi: "Enter để kết nối", en: "Enter to connect" },
  "sync.enrolled_ok": {
    vi: "Đã kết nối với máy chủ. Vai trò và đơn vị của bạn được lấy từ máy chủ.",
    en: "Connected to the server. Your role and unit now come from the server.",
  },
  "sync.account": { vi: "Tài khoản", en: "Account" },
  "sync.unit": { vi: "Đơn vị", en: "Unit" },
  "sync.server": { vi: "Máy chủ", en: "Server" },
  "sync.state": { vi: "Trạng thái", en: "Status" },
  "sync.last_success": { vi: "Đồng bộ thành công gần nhất", en: "Last successful sync" },
  "sync.never": { vi: "Chưa lần nào", en: "Never" },
  "sync.last_error": { vi: "Lỗi gần nhất", en: "Last error" },
  "sync.pending": { vi: "Thay đổi chờ gửi", en: "Changes to send" },
  "sync.conflicts": { vi: "Xung đột chưa xử lý", en: "Open conflicts" },
  "sync.see_conflicts": { vi: "Xem và xử lý", en: "Review them" },
  "sync.now": { vi: "Đồng bộ ngay", en: "Sync now" },
  "sync.now_busy": { vi: "Đang đồng bộ…", en: "Syncing…" },
  "sync.sign_out": { vi: "Đăng xuất thiết bị", en: "Sign this device out" },
  "sync.sign_out_title": { vi: "Đăng xuất thiết bị này?", en: "Sign this device out?" },
  "sync.sign_out_body": {
    vi: "Máy này sẽ ngừng đồng bộ với máy chủ. Các thay đổi chưa gửi vẫn được giữ trên máy này và sẽ được gửi sau khi bạn kết nối lại.",
    en: "This computer will stop syncing with the server. Unsent changes stay on this computer and will be sent after you connect again.",
  },
  "sync.sign_out_pending_one": {
    vi: "Hiện có {n} thay đổi chưa gửi.",
    en: "There is {n} unsent change now.",
  },
  "sync.sign_out_pending_n": {
    vi: "Hiện có {n} thay đổi chưa gửi.",
    en: "There are {n} unsent changes now.",
  },
  "sync.signing_out": { vi: "Đang đăng xuất…", en: "Signing out…" },
  "sync.signed_out": {
    vi: "Đã đăng xuất thiết bị. Dữ liệu trên máy được giữ nguyên.",
    en: "This device is signed out. The data on this computer is unchanged.",
  },

  "refused.title": { vi: "Thay đổi bị từ chối", en: "Refused changes" },
  "refused.intro": {
    vi: "Máy chủ không nhận các thay đổi này. Chúng được giữ lại để bạn xem và làm lại nếu cần.",
    en: "The server did not accept these changes. They are kept so you can see them and redo them if needed.",
  },
  "refused.col_label": { vi: "Nội dung", en: "Item" },
  "refused.col_value": { vi: "Giá trị", en: "Value" },
  "refused.col_reason": { vi: "Lý do", en: "Reason" },
  "refused.col_time": { vi: "Thời gian", en: "Time" },
  "refused.empty": { vi: "Không có thay đổi nào bị từ chối.", en: "No change was refused." },
  "refused.col_actions": { vi: "Thao tác", en: "Actions" },
  "refused.dismiss": { vi: "Đã xem, bỏ qua", en: "Seen, dismiss" },
  "refused.dismiss_of": {
    vi: "Bỏ qua thay đổi bị từ chối: {label}",
    en: "Dismiss the refused change: {label}",
  },

  "set_aside.title": {
    vi: "Thay đổi nhận về không áp dụng được",
    en: "Received changes that could not be applied",
  },
  "set_aside.intro": {
    vi: "Máy này không lưu được các thay đổi này từ máy chủ thành phố, nên đã để riêng chúng; mọi thay đổi khác vẫn được nhận bình thường. Hãy báo cho quản trị của Sở KHCN; bản cập nhật ứng dụng có thể cần đến.",
    en: "This computer cannot store these changes from the city server, so it set them aside; every other change still arrives. Please tell the city's administrator; an update of the app may be needed.",
  },
  "set_aside.empty": { vi: "Không có thay đổi nào bị để riêng.", en: "No change was set aside." },
  "set_aside.col_from": { vi: "Người thay đổi", en: "Changed by" },

  "sync.clock_wrong": { vi: "Đồng hồ lệch", en: "Clock wrong" },

  "conflicts.title": { vi: "Xung đột dữ liệu", en: "Conflicts" },
  "conflicts.subtitle": {
    vi: "Hai người đã sửa cùng một nội dung. Mọi máy đang dùng cùng một giá trị; giá trị còn lại được giữ ở đây để bạn chọn hoặc gộp.",
    en: "Two people edited the same item. Every computer uses the same value; the other one is kept here for you to choose or merge.",
  },
  "conflicts.kept": { vi: "Giá trị đang dùng", en: "Value in use" },
  "conflicts.other": { vi: "Giá trị bị thay thế", en: "Replaced value" },
  "conflicts.by": { vi: "{actor} · {time}", en: "{actor} · {time}" },
  "conflicts.current": { vi: "Trên máy này hiện là:", en: "On this computer now:" },
  "conflicts.keep": { vi: "Giữ giá trị này", en: "Keep this value" },
  "conflicts.merge": { vi: "Gộp…", en: "Merge…" },
  "conflicts.merge_label": { vi: "Giá trị sau khi gộp", en: "Merged value" },
  "conflicts.merge_keys": {
    vi: "Ctrl+Enter để lưu · Esc để hủy",
    en: "Ctrl+Enter to save · Esc to cancel",
  },
  "conflicts.merge_save": { vi: "Lưu giá trị gộp", en: "Save the merged value" },
  "conflicts.saving": { vi: "Đang lưu…", en: "Saving…" },
  "conflicts.empty": { vi: "Không có xung đột nào.", en: "No conflicts." },
  "conflicts.open_one": { vi: "{n} xung đột chưa xử lý", en: "{n} open conflict" },
  "conflicts.open_n": { vi: "{n} xung đột chưa xử lý", en: "{n} open conflicts" },
  "conflicts.resolved_title": { vi: "Đã xử lý gần đây", en: "Recently resolved" },
  "conflicts.resolved": { vi: "Đã xử lý", en: "Resolved" },
  "conflicts.empty_value": { vi: "(để trống)", en: "(empty)" },
  "conflicts.same_as_kept": { vi: "giống giá trị đang dùng", en: "same as the value in use" },
  "conflicts.same_as_other": { vi: "giống giá trị bị thay thế", en: "same as the replaced value" },
  "conflicts.done": { vi: "Đã xử lý: {label}", en: "Resolved: {label}" },
  "notice.label": { vi: "Thông báo mới", en: "New notices" },
  "notice.open": { vi: "Xem", en: "Open" },
  "notice.close": { vi: "Đóng thông báo", en: "Close the notice" },
} as const satisfies Record<string, Pair>;
