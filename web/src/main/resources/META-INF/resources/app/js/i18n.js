// Labels in English and Korean. The browser's languages (what it sends as Accept-Language) pick
// one; ?lang=en or ?lang=ko in the address overrides them.

const MESSAGES = {
  en: {
    'app.name': 'Baedal',
    'app.home': 'All pages',
    'account': 'Account',
    'signedInAs': 'Signed in as {account}',
    'signedInNoToken': 'Acting as {account} (this server issues no tokens)',
    'signingIn': 'Signing in…',
    'live': 'Live updates',
    'updatedAt': 'Updated {time}',
    'dismiss': 'Dismiss',
    'empty': 'Nothing here.',
    'loading': 'Loading…',

    'index.title': 'Baedal',
    'index.lead': 'Food delivery on an event-sourced saga. Pick who you are:',
    'index.customer': 'Customer',
    'index.customer.text': 'Order from the restaurants of your zone and follow the order live.',
    'index.kitchen': 'Kitchen',
    'index.kitchen.text': 'Accept or reject tickets, start and finish cooking.',
    'index.rider': 'Rider',
    'index.rider.text': 'Claim deliveries of your zones, pick them up and deliver them.',
    'index.ops': 'Operations',
    'index.ops.text': 'The views’ processors: segments, lag, dead letters, replays.',

    'customer.title': 'Order food',
    'customer.zone': 'Deliver to zone',
    'customer.restaurants': 'Restaurants',
    'customer.noRestaurants': 'No restaurant delivers to this zone.',
    'customer.add': 'Add',
    'customer.unavailable': 'Sold out',
    'customer.cart': 'Cart',
    'customer.cartEmpty': 'Your cart is empty.',
    'customer.cartFrom': 'From {restaurant}',
    'customer.remove': 'Remove one',
    'customer.estimate': 'Estimated total {total} (the restaurant’s prices decide)',
    'customer.street': 'Street address',
    'customer.paymentToken': 'Payment token',
    'customer.paymentHint': 'A token that starts with “decline” is declined by the card provider.',
    'customer.placeOrder': 'Place order',
    'customer.order': 'Your order',
    'customer.following': 'Following live',
    'customer.reason': 'Reason: {reason}',
    'customer.timeline': 'Timeline',
    'customer.cancel': 'Cancel order',
    'customer.cancelReason': 'Changed my mind',
    'customer.history': 'My orders',
    'customer.noOrders': 'No orders yet.',
    'customer.notifications': 'Notifications',
    'customer.noNotifications': 'No notifications yet.',
    'customer.rider': 'Rider {rider}',

    'kitchen.title': 'Kitchen',
    'kitchen.restaurant': 'Restaurant',
    'kitchen.accept': 'Accept',
    'kitchen.reject': 'Reject',
    'kitchen.rejectReason': 'Reason for rejecting',
    'kitchen.startCooking': 'Start cooking',
    'kitchen.finishCooking': 'Finish cooking',
    'kitchen.order': 'Order {order}',

    'rider.title': 'Rider',
    'rider.zone': 'Zone',
    'rider.board': 'Waiting for a rider',
    'rider.mine': 'My deliveries',
    'rider.delivered': 'Recently delivered',
    'rider.claim': 'Claim',
    'rider.pickUp': 'Picked up',
    'rider.deliver': 'Delivered',
    'rider.from': 'From {street}',
    'rider.to': 'To {street} ({zone})',
    'rider.escalations': 'Waited too long {count}×',

    'ops.title': 'Operations',
    'ops.health': 'Health: {status}',
    'ops.group': 'Processing group',
    'ops.state': 'State',
    'ops.running': 'Running',
    'ops.stopped': 'Stopped',
    'ops.replaying': 'Replaying {percent}',
    'ops.upToDate': 'Up to date',
    'ops.segments': 'Segments',
    'ops.segment': '#{segment} at {position}',
    'ops.lag': 'Lag',
    'ops.lagValue': '{events} events · {ms} ms',
    'ops.lagHelp': 'Events behind the furthest processing group; how long after it was stored the last event was handled',
    'ops.deadLetters': 'Dead letters',
    'ops.replay': 'Replay',
    'ops.replayStarted': 'Replay started {time}',
    'ops.replayDone': 'Replay finished {time}',
    'ops.metricsMissing': 'Metrics unavailable: {reason}',

    'status.PAYMENT_PENDING': 'Taking the payment',
    'status.PAYMENT_RETRYING': 'Retrying the payment',
    'status.PAID': 'Paid, waiting for the restaurant',
    'status.ACCEPTED': 'Accepted by the restaurant',
    'status.COOKING': 'Cooking',
    'status.READY_FOR_PICKUP': 'Ready for pick-up',
    'status.PICKED_UP': 'On the way',
    'status.DELIVERED': 'Delivered',
    'status.CANCELLATION_REQUESTED': 'Cancelling',
    'status.CANCELLED': 'Cancelled',
    'status.REJECTED': 'Rejected',

    'ticket.AWAITING_ACCEPTANCE': 'New',
    'ticket.ACCEPTED': 'Accepted',
    'ticket.COOKING': 'Cooking',
    'ticket.READY': 'Ready',
    'ticket.REJECTED': 'Rejected',
    'ticket.CANCELLED': 'Cancelled',

    'delivery.AWAITING_RIDER': 'Waiting for a rider',
    'delivery.RIDER_ASSIGNED': 'Claimed',
    'delivery.PICKED_UP': 'Picked up',
    'delivery.DELIVERED': 'Delivered',

    'reason.PAYMENT_DECLINED': 'The card was declined',
    'reason.PAYMENT_UNAVAILABLE': 'The payment could not be taken',
    'reason.RESTAURANT_REJECTED': 'The restaurant rejected the order',
    'reason.ACCEPTANCE_TIMEOUT': 'The restaurant did not answer in time',
    'reason.CUSTOMER_CANCELLED': 'You cancelled the order',
  },
  ko: {
    'app.name': '배달',
    'app.home': '전체 화면',
    'account': '계정',
    'signedInAs': '{account}(으)로 로그인됨',
    'signedInNoToken': '{account}(으)로 이용 중 (이 서버는 토큰을 발급하지 않음)',
    'signingIn': '로그인 중…',
    'live': '실시간 갱신',
    'updatedAt': '{time} 갱신',
    'dismiss': '닫기',
    'empty': '항목이 없습니다.',
    'loading': '불러오는 중…',

    'index.title': '배달',
    'index.lead': '이벤트 소싱 사가로 움직이는 음식 배달. 역할을 고르세요:',
    'index.customer': '고객',
    'index.customer.text': '내 지역 식당에서 주문하고 주문 상황을 실시간으로 확인합니다.',
    'index.kitchen': '주방',
    'index.kitchen.text': '주문표를 접수하거나 거절하고, 조리를 시작하고 마칩니다.',
    'index.rider': '라이더',
    'index.rider.text': '내 지역 배달을 잡고, 픽업하고, 배달합니다.',
    'index.ops': '운영',
    'index.ops.text': '뷰 처리기의 세그먼트, 지연, 데드레터, 재처리.',

    'customer.title': '음식 주문',
    'customer.zone': '배달 지역',
    'customer.restaurants': '식당',
    'customer.noRestaurants': '이 지역에 배달하는 식당이 없습니다.',
    'customer.add': '담기',
    'customer.unavailable': '품절',
    'customer.cart': '장바구니',
    'customer.cartEmpty': '장바구니가 비어 있습니다.',
    'customer.cartFrom': '{restaurant}',
    'customer.remove': '하나 빼기',
    'customer.estimate': '예상 금액 {total} (식당 가격 기준으로 확정)',
    'customer.street': '배달 주소',
    'customer.paymentToken': '결제 토큰',
    'customer.paymentHint': '“decline”으로 시작하는 토큰은 카드사가 거절합니다.',
    'customer.placeOrder': '주문하기',
    'customer.order': '내 주문',
    'customer.following': '실시간 확인 중',
    'customer.reason': '사유: {reason}',
    'customer.timeline': '진행 내역',
    'customer.cancel': '주문 취소',
    'customer.cancelReason': '마음이 바뀌었어요',
    'customer.history': '주문 내역',
    'customer.noOrders': '아직 주문이 없습니다.',
    'customer.notifications': '알림',
    'customer.noNotifications': '아직 알림이 없습니다.',
    'customer.rider': '라이더 {rider}',

    'kitchen.title': '주방',
    'kitchen.restaurant': '식당',
    'kitchen.accept': '접수',
    'kitchen.reject': '거절',
    'kitchen.rejectReason': '거절 사유',
    'kitchen.startCooking': '조리 시작',
    'kitchen.finishCooking': '조리 완료',
    'kitchen.order': '주문 {order}',

    'rider.title': '라이더',
    'rider.zone': '지역',
    'rider.board': '라이더를 기다리는 배달',
    'rider.mine': '내 배달',
    'rider.delivered': '최근 배달 완료',
    'rider.claim': '배달 잡기',
    'rider.pickUp': '픽업 완료',
    'rider.deliver': '배달 완료',
    'rider.from': '출발 {street}',
    'rider.to': '도착 {street} ({zone})',
    'rider.escalations': '대기 초과 {count}회',

    'ops.title': '운영',
    'ops.health': '상태: {status}',
    'ops.group': '처리 그룹',
    'ops.state': '상태',
    'ops.running': '실행 중',
    'ops.stopped': '정지됨',
    'ops.replaying': '재처리 중 {percent}',
    'ops.upToDate': '최신 상태',
    'ops.segments': '세그먼트',
    'ops.segment': '#{segment} 위치 {position}',
    'ops.lag': '지연',
    'ops.lagValue': '이벤트 {events}개 · {ms} ms',
    'ops.lagHelp': '가장 앞선 처리 그룹보다 뒤처진 이벤트 수; 마지막 이벤트가 저장된 뒤 처리되기까지 걸린 시간',
    'ops.deadLetters': '데드레터',
    'ops.replay': '재처리',
    'ops.replayStarted': '재처리 시작 {time}',
    'ops.replayDone': '재처리 완료 {time}',
    'ops.metricsMissing': '지표를 읽을 수 없음: {reason}',

    'status.PAYMENT_PENDING': '결제 중',
    'status.PAYMENT_RETRYING': '결제 재시도 중',
    'status.PAID': '결제 완료, 식당 확인 대기',
    'status.ACCEPTED': '식당에서 접수함',
    'status.COOKING': '조리 중',
    'status.READY_FOR_PICKUP': '픽업 대기',
    'status.PICKED_UP': '배달 중',
    'status.DELIVERED': '배달 완료',
    'status.CANCELLATION_REQUESTED': '취소 처리 중',
    'status.CANCELLED': '취소됨',
    'status.REJECTED': '주문 거절됨',

    'ticket.AWAITING_ACCEPTANCE': '신규',
    'ticket.ACCEPTED': '접수',
    'ticket.COOKING': '조리 중',
    'ticket.READY': '조리 완료',
    'ticket.REJECTED': '거절',
    'ticket.CANCELLED': '취소',

    'delivery.AWAITING_RIDER': '라이더 대기',
    'delivery.RIDER_ASSIGNED': '배정됨',
    'delivery.PICKED_UP': '픽업 완료',
    'delivery.DELIVERED': '배달 완료',

    'reason.PAYMENT_DECLINED': '카드 결제가 거절되었습니다',
    'reason.PAYMENT_UNAVAILABLE': '결제를 처리할 수 없었습니다',
    'reason.RESTAURANT_REJECTED': '식당이 주문을 거절했습니다',
    'reason.ACCEPTANCE_TIMEOUT': '식당이 제때 응답하지 않았습니다',
    'reason.CUSTOMER_CANCELLED': '고객이 주문을 취소했습니다',
  },
};

function pickLanguage() {
  const forced = new URLSearchParams(location.search).get('lang');
  const wanted = forced ? [forced] : (navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language]);
  for (const tag of wanted) {
    const base = String(tag || '').toLowerCase().split('-')[0];
    if (MESSAGES[base]) {
      return base;
    }
  }
  return 'en';
}

export const lang = pickLanguage();
const locale = lang === 'ko' ? 'ko-KR' : 'en-GB';

/** The label for a key, with {name} placeholders filled in; an unknown key shows as itself. */
export function t(key, params = {}) {
  const text = MESSAGES[lang][key] ?? MESSAGES.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/** Fills every [data-i18n] element's text and every [data-i18n-placeholder] input's placeholder. */
export function translatePage() {
  document.documentElement.lang = lang;
  document.querySelectorAll('[data-i18n]').forEach((node) => {
    node.textContent = t(node.dataset.i18n);
  });
  document.querySelectorAll('[data-i18n-placeholder]').forEach((node) => {
    node.placeholder = t(node.dataset.i18nPlaceholder);
  });
  const title = document.querySelector('title[data-i18n]');
  if (title) {
    document.title = `${t(title.dataset.i18n)} · ${t('app.name')}`;
  }
}

export function money(value) {
  if (!value) {
    return '';
  }
  return new Intl.NumberFormat(locale, { style: 'currency', currency: value.currency }).format(Number(value.amount));
}

export function time(iso) {
  return iso ? new Date(iso).toLocaleTimeString(locale) : '';
}
