-- Each profile its own category list. The first migration seeded the Korea Gas Safety
-- Corp.'s (민원신고 → 사이버감사실 · 예산낭비 · 불량시설·제품 · 품질불량 LPG · 검사이의제기) for
-- every database; the default profile is the Mungyeong Tourism Corp.'s, whose VOC are about
-- its facilities, fares, staff and grounds. Unless the KGS profile was applied (VOC_PROFILE=kgs
-- now writes its own list), the KGS-only entries retire (cases filed under them keep their
-- names) and Mungyeong's join. `public`: complainants choose the category themselves on the
-- homepage (the KGS profile's list); otherwise staff set it.
ALTER TABLE categories ADD COLUMN public BIGINT NOT NULL DEFAULT 0;
UPDATE categories SET active = 0
 WHERE code IN ('report', 'cyber_audit', 'budget_waste', 'faulty_facility', 'lpg_quality', 'inspection_appeal')
   AND NOT EXISTS (SELECT 1 FROM seeds WHERE name = 'profile_kgs');
INSERT INTO categories (code, name_ko, name_en, parent, sort)
SELECT v.code, v.name_ko, v.name_en, NULL, v.sort FROM (
    SELECT 'facility_safety' AS code, '시설·안전' AS name_ko, 'Facilities and safety' AS name_en, 10 AS sort
    UNION ALL SELECT 'fares_booking', '요금·예약', 'Fares and booking', 11
    UNION ALL SELECT 'staff_service', '직원 응대', 'Staff service', 12
    UNION ALL SELECT 'cleanliness', '청결·위생', 'Cleanliness', 13
    UNION ALL SELECT 'parking', '주차·교통', 'Parking and transport', 14
) v
WHERE NOT EXISTS (SELECT 1 FROM seeds WHERE name = 'profile_kgs')
  AND NOT EXISTS (SELECT 1 FROM categories c WHERE c.code = v.code);
