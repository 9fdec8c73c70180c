// What /admin/ shows when the site was built without a GitHub repository for the editor.
// Made with DOM methods and textContent only (the page's CSP allows no inline script).
const LOOPBACK = /^(127\.0\.0\.1|localhost|\[::1\])$/;

const element = (name, text, attributes = {}) => {
  const node = document.createElement(name);
  if (text) node.textContent = text;
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  return node;
};

const code = (text) => element('code', text);

const paragraph = (...parts) => {
  const node = element('p');
  node.append(...parts);
  return node;
};

export const showNoRepository = () => {
  const main = element('main', '', { class: 'bantin-notice' });
  main.append(
    element('h1', 'Trình soạn thảo chưa được nối với kho GitHub của trang'),
    paragraph(
      'Trang quản trị dùng để viết và đăng tin ngay trên trình duyệt: bài và ảnh được lưu vào kho GitHub ',
      'chứa trang tin. Trang này được xây dựng khi chưa khai báo kho đó, nên chưa dùng được.',
    ),
    paragraph(
      'Người quản trị trang: ghi tên kho dạng chủ/kho (ví dụ ', code('so-cong-thuong/ban-tin'),
      ') vào tùy chọn ', code('editor_repo'), ' của plugin bantin trong ', code('mkdocs.yml'),
      ', hoặc đặt biến môi trường ', code('BANTIN_EDITOR_REPO'), ' khi xây dựng, rồi xây dựng lại trang. ',
      'Quy trình đăng trang trên GitHub (', code('.github/workflows/pages.yml'), ') tự điền tên kho.',
    ),
  );
  if (LOOPBACK.test(location.hostname)) {
    main.append(paragraph(
      'Đang xem trên máy này: chạy lại ', code('bantin serve'), ' với ', code('BANTIN_EDITOR_REPO=chủ/kho'),
      '. Khi đó, trên Chrome hoặc Edge, nút “Làm việc với kho mã nguồn cục bộ” cho phép viết bài ',
      'thẳng vào thư mục dự án trên máy, không cần mạng.',
    ));
  }
  main.append(paragraph(element('a', '← Về trang tin', { href: '../' })));
  document.body.append(main);
};
