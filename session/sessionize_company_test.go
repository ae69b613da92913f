package session

import "testing"

func TestCompanyFromTagLine(t *testing.T) {
	tests := []struct {
		tagLine string
		want    string
	}{
		// the examples of the heuristic
		{"Cloud Architect at Contoso", "Contoso"},
		{"CTO, Foo Ltd", "Foo Ltd"},
		{"Microsoft MVP", ""},
		{"", ""},
		// " at " and "@", from the Scottish Summit 2026 speakers
		{"Automated Tester at CGI", "CGI"},
		{"CEO at proMX UK Limited / Business Applications MVP", "proMX UK Limited"},
		{"2x Microsoft MVP | Global Director Technology at proMX AG | Microsoft Dynamics 365 Project Operations Specialist", "proMX AG"},
		{"Microsoft MVP | Cloud Solutions Architect at NetApp working in the EMEA Azure Business Group", "NetApp"},
		{"MVP Identity & Access, Senior Architect at SoftwareOne, MCT and founder of agderinthe.cloud ", "SoftwareOne"},
		{"Cross-Functional Technical Architect @ Microsoft, former MVP", "Microsoft"},
		{"Microsoft MVP & Partner & Solution Architect @CRMK Deutschland", "CRMK Deutschland"},
		{"Co-Founder @dhino, Microsoft MVP / Solution Architect / Developer", "dhino"},
		{"Head of Professional Services - AI Business Solutions @ Telefonica Tech | Speaker | Mentor", "Telefonica Tech"},
		// one part that is no role, first or last
		{"Principal Cloud Advocate, Microsoft", "Microsoft"},
		{"Vice President of Developer Relations, GitHub", "GitHub"},
		{"Capgemini, Senior Solution Architect Power Platform", "Capgemini"},
		{"Node4, Technology & Innovation Director", "Node4"},
		{"Chief AI Officer - Data8", "Data8"},
		{"MVP - European Microsoft AI Lead - KPMG", "KPMG"},
		{"MVP, MCT, Author, Blogger - Granikos GmbH & Co. KG", "Granikos GmbH & Co. KG"},
		{"Evolve iMs  - Solutions Manager", "Evolve iMs"},
		// nothing safe to take
		{"Software Architect, Microsoft MVP", ""},
		{"Microsoft Architect, MVP", ""},
		{"Microsoft 365 Spirit Guide, MVP, MCT", ""},
		{"Application Architect - Learn, Share, Grow", ""},
		{"Digital Workplace Advisor | MVP, MCT | she, her", ""},
		{"Principal Architect, Podcast Cohost, Blogger, Speaker, Lego Nerd", ""},
		{"Advocate, AI and Power Platform Demystifier, Global Speaker & Content Creator", ""},
		{"Freelance Power Pages specialist with an unhealthy obsession for experimenting, learning and empowering others", ""},
		{"Turning AI, Automation & Microsoft Technologies into real-world impact", ""},
		{"CRN Women and Diversity Awards Finalist | Principal Consultant | Microsoft", ""},
		{"Passionate at heart", ""},
		{"Speaker | @jdoe", ""},
		{"DamoBird365", ""},
	}
	for _, tt := range tests {
		t.Run(tt.tagLine, func(t *testing.T) {
			if got := companyFromTagLine(tt.tagLine); got != tt.want {
				t.Errorf("companyFromTagLine(%q) = %q, want %q", tt.tagLine, got, tt.want)
			}
		})
	}
}
