package session

import "testing"

// TestDamage: a source read in its own format has few damaged records; one
// read in the wrong format has nearly all of them damaged.
func TestDamage(t *testing.T) {
	for _, tc := range []struct {
		name, file, format       string
		wantDamaged, wantRecords int
	}{
		{"sessionize as sessionize", "sessionize-all_scottish-summit-2026.json", FormatSessionize, 0, 61},
		{"sessionize as native json", "sessionize-all_scottish-summit-2026.json", FormatJSON, 61, 61},
		{"frab xml", "36c3_everything.schedule.xml", FormatFrabXML, 13, 1351},
		{"native yaml", "sessions.yaml", FormatYAML, 0, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Parse(readTestdata(t, tc.file), Options{Format: tc.format})
			if err != nil {
				t.Fatal(err)
			}
			damaged, records := res.Damage()
			if damaged != tc.wantDamaged || records != tc.wantRecords {
				t.Errorf("Damage = %d of %d, want %d of %d", damaged, records, tc.wantDamaged, tc.wantRecords)
			}
		})
	}
}

// TestDamageCountsSkippedRecords: a record that is skipped counts once among
// the records, however many warnings it has.
func TestDamageCountsSkippedRecords(t *testing.T) {
	data := []byte(`sessions:
  - {id: a, title: A, colour: red}
  - {id: b, start: "not a time"}
  - {id: c, title: C}
  - {id: d, title: "", room: R}
`)
	res, err := Parse(data, Options{Format: FormatYAML})
	if err != nil {
		t.Fatal(err)
	}
	if damaged, records := res.Damage(); damaged != 3 || records != 4 {
		t.Errorf("Damage = %d of %d, want 3 of 4 (a repaired; b and d skipped)\n%v", damaged, records, res.Warnings)
	}
}

func TestFloatingTimes(t *testing.T) {
	for _, tc := range []struct {
		name string
		data string
		want bool
	}{
		{"offset-less native", "sessions:\n  - {title: A, start: 2026-11-28T10:00:00}\n", true},
		{"native with offsets", "sessions:\n  - {title: A, start: 2026-11-28T10:00:00+01:00}\n", false},
		{"no times", "sessions:\n  - {title: A}\n", false},
		{"sessionize (offset-less)", string(readTestdata(t, "sessionize-all_scottish-summit-2026.json")), true},
		{"frab xml with time_zone_name", string(readTestdata(t, "fosdem-2025_schedule.xml")), false},
		{"not a programme", "{}", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := FloatingTimes([]byte(tc.data), Options{}); got != tc.want {
				t.Errorf("FloatingTimes = %v, want %v", got, tc.want)
			}
		})
	}
}
