package session

import "time"

// probeZone is far from UTC and on a half hour, so no real offset-less time
// reads the same in it as in UTC.
var probeZone = time.FixedZone("probe", 5*3600+1800)

// FloatingTimes reports whether some of the programme's times have no UTC
// offset of their own (nor a zone named by the file, as frab's
// time_zone_name), so that Parse reads them in opts.Location. It parses data
// in two zones far apart and compares; a source that does not parse has
// none.
func FloatingTimes(data []byte, opts Options) bool {
	opts.Location = time.UTC
	a, errA := Parse(data, opts)
	opts.Location = probeZone
	b, errB := Parse(data, opts)
	if errA != nil || errB != nil || len(a.Sessions) != len(b.Sessions) {
		return false
	}
	for i, s := range a.Sessions {
		if !s.Start.Equal(b.Sessions[i].Start) || !s.End.Equal(b.Sessions[i].End) {
			return true
		}
	}
	return false
}
